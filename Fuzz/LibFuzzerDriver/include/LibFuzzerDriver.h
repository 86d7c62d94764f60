// libFuzzer's driver, called from each fuzz target's own `main`. SwiftPM renames a debug executable's
// `main` on Linux (so tests can link it) and `-parse-as-library` would leave that name undefined, so
// the targets keep a Swift `main` and hand control to libFuzzer here instead of linking its `main`.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*userCallback)(const uint8_t *data, size_t size));
