package linalg

// AddGram adds the Gram matrix SᵀS of a block of m rows to the upper
// triangle of the p×p row-major matrix h (entries a <= b; the strict lower
// triangle is not touched): h[a][b] += Σ_k s[a·stride+k]·s[b·stride+k].
// The block is stored column by column, column a in s[a·stride : a·stride+m],
// so every inner loop runs over contiguous memory; pairs of rows of h are
// formed four columns at a time, with eight sums kept in registers, which is
// what makes a weighted cross-product XᵀWX (S = √W·X) cheap enough for a
// Newton step over thousands of rows. Callers pass rows in blocks whose
// p×stride values fit in the CPU's L2 cache.
func AddGram(h []float64, p int, s []float64, stride, m int) {
	if p == 0 || m == 0 {
		return
	}
	_ = h[p*p-1]
	_ = s[(p-1)*stride+m-1]
	a := 0
	for ; a+1 < p; a += 2 {
		x0, x1 := s[a*stride:a*stride+m], s[(a+1)*stride:(a+1)*stride+m]
		b := a
		for ; b+3 < p; b += 4 {
			y0 := s[b*stride : b*stride+m]
			y1 := s[(b+1)*stride : (b+1)*stride+m]
			y2 := s[(b+2)*stride : (b+2)*stride+m]
			y3 := s[(b+3)*stride : (b+3)*stride+m]
			var c00, c01, c02, c03, c10, c11, c12, c13 float64
			for k, u := range x0 {
				v := x1[k]
				w0, w1, w2, w3 := y0[k], y1[k], y2[k], y3[k]
				c00 += u * w0
				c01 += u * w1
				c02 += u * w2
				c03 += u * w3
				c10 += v * w0
				c11 += v * w1
				c12 += v * w2
				c13 += v * w3
			}
			r0, r1 := h[a*p+b:a*p+b+4], h[(a+1)*p+b:(a+1)*p+b+4]
			r0[0] += c00
			r0[1] += c01
			r0[2] += c02
			r0[3] += c03
			if b != a { // (a+1, a) is below the diagonal
				r1[0] += c10
			}
			r1[1] += c11
			r1[2] += c12
			r1[3] += c13
		}
		for ; b < p; b++ {
			y := s[b*stride : b*stride+m]
			var c0, c1 float64
			for k, w := range y {
				c0 += x0[k] * w
				c1 += x1[k] * w
			}
			h[a*p+b] += c0
			if b != a {
				h[(a+1)*p+b] += c1
			}
		}
	}
	if a < p { // the last row of an odd p: its diagonal entry only
		x := s[a*stride : a*stride+m]
		var c float64
		for _, u := range x {
			c += u * u
		}
		h[a*p+a] += c
	}
}

// MirrorUpper copies the upper triangle of the p×p row-major matrix h onto
// its lower triangle, making it symmetric.
func MirrorUpper(h []float64, p int) {
	for a := range p {
		for b := a + 1; b < p; b++ {
			h[b*p+a] = h[a*p+b]
		}
	}
}
