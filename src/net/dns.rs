//! Host name lookups that a silent DNS server cannot stall for seconds.
//!
//! The system resolver (getaddrinfo) asks for IPv4 and IPv6 addresses at once; when a
//! server drops one of the two answers, glibc waits its whole timeout (5 s by default)
//! before asking again. Measured here, one lookup in about thirty waited 5 s, so one build
//! in five waited for an optional lookup. A lookup still unanswered after [`HEDGE_AFTER`] is
//! asked again beside the first, and the first answer wins: the system's resolver is kept
//! (`/etc/hosts`, nsswitch), and a stall costs [`HEDGE_AFTER`].

use std::future::Future;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::client::legacy::connect::dns::Name;
use tokio::sync::mpsc;

/// How long a lookup may go unanswered before it is asked again: far longer than an
/// answer takes (milliseconds here, a few hundred for a cold recursive lookup).
pub const HEDGE_AFTER: Duration = Duration::from_millis(400);

/// How many times a name is asked in all.
const ASKS: usize = 3;

/// A resolver for hyper's connector: getaddrinfo, hedged.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hedged;

type Addrs = std::vec::IntoIter<SocketAddr>;

impl tower_service::Service<Name> for Hedged {
    type Response = Addrs;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Addrs>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let host = name.as_str().to_string();
        Box::pin(async move { lookup(&host, HEDGE_AFTER).await.map(Vec::into_iter) })
    }
}

/// The addresses of `host` from the system resolver, hedged every `hedge`.
pub async fn lookup(host: &str, hedge: Duration) -> io::Result<Vec<SocketAddr>> {
    hedged(host, hedge, |host| {
        (host, 0).to_socket_addrs().map(Iterator::collect)
    })
    .await
}

/// What `resolve` answers for `host`, asking again every `hedge` while no ask has answered
/// (at most [`ASKS`] times; the last is waited for as long as it takes).
async fn hedged<R>(host: &str, hedge: Duration, resolve: R) -> io::Result<Vec<SocketAddr>>
where
    R: Fn(&str) -> io::Result<Vec<SocketAddr>> + Clone + Send + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel();
    for _ in 1..ASKS {
        ask(host, resolve.clone(), tx.clone());
        if let Ok(Some(answer)) = tokio::time::timeout(hedge, rx.recv()).await {
            return answer;
        }
    }
    ask(host, resolve, tx);
    (rx.recv().await).unwrap_or_else(|| Err(io::Error::other("the resolver could not be asked")))
}

/// Runs `resolve` for `host` on a thread of its own, never joined: a lookup given up on
/// neither holds a runtime's blocking pool (which a runtime waits for when dropped) nor
/// delays the program's exit. A thread that cannot start drops `answer`: no answer.
fn ask<R>(host: &str, resolve: R, answer: mpsc::UnboundedSender<io::Result<Vec<SocketAddr>>>)
where
    R: Fn(&str) -> io::Result<Vec<SocketAddr>> + Send + 'static,
{
    let host = host.to_string();
    let _ = std::thread::Builder::new()
        .name("dns".into())
        .spawn(move || {
            let _ = answer.send(resolve(&host));
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn names_resolve_through_the_system_resolver() {
        let addrs = lookup("localhost", HEDGE_AFTER)
            .await
            .expect("localhost resolves");
        assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
        let addrs = lookup("127.0.0.1", HEDGE_AFTER)
            .await
            .expect("an address is its own");
        assert_eq!(addrs, [SocketAddr::from(([127, 0, 0, 1], 0))]);
    }

    #[tokio::test]
    async fn a_stalled_lookup_is_asked_again_and_the_first_answer_wins() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Arc, Mutex};
        // The first ask does not answer (like getaddrinfo waiting on a dropped reply) until
        // the test is over, or for 30 s: without the hedge the test fails then, not hangs.
        // The second ask answers.
        let asks = Arc::new(AtomicUsize::new(0));
        let (_never, stall) = std::sync::mpsc::channel::<()>();
        let stall = Arc::new(Mutex::new(stall));
        let resolve = {
            let asks = asks.clone();
            move |_: &str| {
                if asks.fetch_add(1, Ordering::SeqCst) == 0 {
                    let _ = stall
                        .lock()
                        .map(|rx| rx.recv_timeout(Duration::from_secs(30)));
                    return Err(io::Error::other("stalled"));
                }
                Ok(vec![SocketAddr::from(([10, 0, 0, 2], 0))])
            }
        };
        let addrs = hedged("stalls.example", Duration::from_millis(20), resolve)
            .await
            .expect("the second ask answers");
        assert_eq!(addrs, [SocketAddr::from(([10, 0, 0, 2], 0))]);
        // Asked again (a third time only if the second took longer than the hedge).
        assert!(asks.load(Ordering::SeqCst) >= 2);
    }

    #[tokio::test]
    async fn an_unknown_name_is_an_error_not_a_hang() {
        // `.invalid` never resolves (RFC 6761); the resolver says so, through every ask.
        let err = lookup("no-such-host.invalid", Duration::from_millis(1)).await;
        assert!(err.is_err(), "{err:?}");
    }
}
