import Hummingbird

/// The staff workspace: sign-in, queues, case pages and the staff JSON API.
struct StaffWorkspace {
    let services: SiangServices

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {}
}
