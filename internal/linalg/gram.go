package linalg

// AddGram adds the Gram matrix SᵀS of a block of m rows to the upper
// triangle of the p×p row-major matrix h (entries a <= b; the strict lower
// triangle is not touched): h[a][b] += Σ_k s[a·stride+k]·s[b·stride+k].
// The block is stored column by column, column a in s[a·stride : a·stride+m],
// so every inner loop runs over contiguous memory; pairs of rows of h are
// formed three columns at a time, with six sums kept in registers (eight
// made the compiler spill them), which is
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
		x0 := s[a*stride : a*stride+m]
		x1 := s[(a+1)*stride : (a+1)*stride+m]
		b := a
		for ; b+2 < p; b += 3 {
			y0 := s[b*stride : b*stride+m]
			y1 := s[(b+1)*stride : (b+1)*stride+m]
			y2 := s[(b+2)*stride : (b+2)*stride+m]
			x1, y0, y1, y2 := x1[:len(x0)], y0[:len(x0)], y1[:len(x0)], y2[:len(x0)] // bounds proven once
			var c00, c01, c02, c10, c11, c12 float64
			for k := range x0 {
				u, v := x0[k], x1[k]
				w := y0[k]
				c00 += u * w
				c10 += v * w
				w = y1[k]
				c01 += u * w
				c11 += v * w
				w = y2[k]
				c02 += u * w
				c12 += v * w
			}
			r0, r1 := h[a*p+b:a*p+b+3], h[(a+1)*p+b:(a+1)*p+b+3]
			r0[0] += c00
			r0[1] += c01
			r0[2] += c02
			if b != a { // (a+1, a) is below the diagonal
				r1[0] += c10
			}
			r1[1] += c11
			r1[2] += c12
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

// AddOuterSparse adds w·vvᵀ to the upper triangle of the p×p row-major
// matrix h for a sparse vector v with values val at the strictly increasing
// indices idx: h[idx[i]][idx[j]] += w·val[i]·val[j] for i <= j. For rows
// with few nonzero entries (one-hot columns, points that are often 0) this
// costs nnz²/2 updates against AddGram's p²/2 per row.
func AddOuterSparse(h []float64, p int, idx []int32, val []float64, w float64) {
	val = val[:len(idx)]
	for i, a := range idx {
		u := w * val[i]
		row := h[int(a)*p : int(a)*p+p]
		for j := i; j < len(idx); j++ {
			row[idx[j]] += u * val[j]
		}
	}
}
