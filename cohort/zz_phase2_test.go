package cohort

import "testing"

func BenchmarkZZBGData(b *testing.B) {
	customers, _ := scalePopulation()
	for b.Loop() {
		newBGNBDData(customers)
	}
}
func BenchmarkZZValidate(b *testing.B) {
	customers, _ := scalePopulation()
	for b.Loop() {
		validateSummaries(customers)
	}
}
