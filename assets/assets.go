// Package assets holds files embedded into the Taskscope binary: the application icon.
package assets

import _ "embed"

// IconPNG is Taskscope's application icon, 256x256: three core lanes carrying thread segments.
//
//go:embed icon.png
var IconPNG []byte
