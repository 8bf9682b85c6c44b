//! Listening: binding the address, and running the HTTP server (axum on a small tokio runtime,
//! one task per connection, so that no client, slow, idle or streaming, holds up another) until
//! Ctrl-C, which stops it gracefully: no new connections, open event streams end, idle
//! connections close, and requests still running get a short grace period.

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::serve::ListenerExt;
use tokio::sync::watch;

use super::answer::{self, App};
use super::live::Live;

/// The port tried first when none is given; the next ones are tried when it is taken.
pub const DEFAULT_PORT: u16 = 1111;
const PORTS_TO_TRY: u16 = 100;
/// How long requests still running at Ctrl-C may take before the server stops anyway.
const GRACE: Duration = Duration::from_secs(3);
/// Requests are small and served from memory: two threads keep one slow answer (a large
/// page's ETag, say) from delaying the others, without competing much with the rebuilds.
const WORKER_THREADS: usize = 2;

/// Binds `host:port`, or without a port the first free one from [`DEFAULT_PORT`] on.
pub fn bind(host: IpAddr, port: Option<u16>) -> io::Result<TcpListener> {
    if let Some(port) = port {
        return TcpListener::bind((host, port));
    }
    let mut last_error = None;
    for port in DEFAULT_PORT..DEFAULT_PORT.saturating_add(PORTS_TO_TRY) {
        match TcpListener::bind((host, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::ErrorKind::AddrInUse.into()))
}

/// The address a browser on this machine should use for `addr` (loopback for "any address").
pub fn url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => Ipv4Addr::LOCALHOST.into(),
        IpAddr::V6(ip) if ip.is_unspecified() => Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Completes once the server is asked to stop (or is gone). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Stop(watch::Receiver<bool>);

impl Stop {
    pub fn requested(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut stop = self.0.clone();
        async move {
            // An error means the sender is gone: the server has stopped already.
            let _ = stop.wait_for(|stop| *stop).await;
        }
    }
}

/// Answers requests on `listener` until Ctrl-C.
pub fn run(listener: TcpListener, live: Arc<Live>) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .thread_name("folio-http")
        .enable_all()
        .build()?;
    runtime.block_on(serve(listener, live))
}

async fn serve(listener: TcpListener, live: Arc<Live>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    // Small writes (an event, a short page) go out at once rather than waiting for an ACK.
    let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop = Stop(stop_rx);
    let app = Router::new().fallback(answer::answer).with_state(App { live, stop: stop.clone() });
    let server = axum::serve(listener, app).with_graceful_shutdown(stop.requested()).into_future();
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => result,
        () = interrupted() => {
            stop_tx.send_replace(true);
            // After the grace period, connections still busy are dropped with the runtime.
            tokio::time::timeout(GRACE, server).await.unwrap_or(Ok(()))
        }
    }
}

/// Completes on Ctrl-C; never, when the handler cannot be installed (the process can still be
/// killed, and nothing on disk needs cleaning up).
async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_port_falls_back_to_the_next_free_one() {
        let localhost: IpAddr = "127.0.0.1".parse().unwrap();
        // Hold the default port (or find it held by someone else): the next free one is used.
        let _held = TcpListener::bind((localhost, DEFAULT_PORT));
        let fallback = bind(localhost, None).unwrap().local_addr().unwrap().port();
        assert!(fallback > DEFAULT_PORT && fallback < DEFAULT_PORT + PORTS_TO_TRY, "{fallback}");
        // An explicit port is that port or nothing.
        let taken = TcpListener::bind((localhost, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        assert!(bind(localhost, Some(port)).is_err());
        assert_eq!(url("127.0.0.1:1111".parse().unwrap()), "http://127.0.0.1:1111/");
        assert_eq!(url("[::1]:8080".parse().unwrap()), "http://[::1]:8080/");
        assert_eq!(url("0.0.0.0:80".parse().unwrap()), "http://127.0.0.1:80/");
    }
}
