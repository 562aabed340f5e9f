//go:build !soak

package demotab

// BuiltForSoak reports that this binary has the soak loop; the release build has not.
const BuiltForSoak = false

// startSoakLoop does nothing: the soak loop is built only with -tags soak (soak.go).
func startSoakLoop(*panel) {}
