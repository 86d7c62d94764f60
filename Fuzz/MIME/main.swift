import Foundation
import LibFuzzerDriver

// libFuzzer runs fuzzMIME on each input it makes; its flags come on the command line.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzMIME(data, size) })
