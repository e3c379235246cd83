//! Which `Host` a request may name: the defence against DNS rebinding.
//!
//! A page on another site can point its own domain at 127.0.0.1 and then read the preview
//! through the browser, same-origin as far as the browser knows; the one trace it leaves is
//! its domain in `Host`. So only names that can't be rebound are answered: `localhost`, the
//! loopback addresses, and the address the server is bound to (every address of the machine
//! when bound to `0.0.0.0` or `[::]`). An IP literal resolves to itself, so no outside page
//! can name one and reach the preview.
//!
//! The port is not compared: rebinding is about the name, and a forwarded port (`ssh -L`,
//! `docker -p 9000:8000`) legitimately arrives with another one.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use hyper::Version;
use hyper::header::HeaderValue;

/// What to do with a request, judged by the host it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostCheck {
    /// A name the server answers to.
    Allowed,
    /// No `Host` in an HTTP/1.1 request, or more than one: malformed (400, RFC 9112 §3.2).
    Malformed,
    /// Some other site's name (421).
    Foreign,
}

/// The names a server bound to one address answers to.
#[derive(Debug, Clone)]
pub(crate) struct AllowedHosts {
    bound: IpAddr,
}

impl AllowedHosts {
    pub fn new(bound: SocketAddr) -> Self {
        Self { bound: bound.ip() }
    }

    /// Judges a request by its `Host` headers and, for an absolute-form target
    /// (`GET http://name/ HTTP/1.1`), the authority in it, which RFC 9112 says wins.
    ///
    /// A request without `Host` is answered if it is HTTP/1.0: browsers always send `Host`,
    /// so such a request cannot come from a rebinding page, and any client able to connect
    /// could name an allowed host anyway. HTTP/1.1 requires the header.
    pub fn check<'a>(
        &self,
        version: Version,
        hosts: impl IntoIterator<Item = &'a HeaderValue>,
        target_authority: Option<&str>,
    ) -> HostCheck {
        let mut hosts = hosts.into_iter();
        let (first, second) = (hosts.next(), hosts.next());
        if second.is_some() {
            return HostCheck::Malformed;
        }
        if target_authority.is_some_and(|a| !self.allows(a)) {
            return HostCheck::Foreign;
        }
        match first {
            Some(value) => match value.to_str() {
                Ok(host) if self.allows(host) => HostCheck::Allowed,
                _ => HostCheck::Foreign,
            },
            None if version <= Version::HTTP_10 => HostCheck::Allowed,
            None => HostCheck::Malformed,
        }
    }

    /// Whether `host` (`name`, `name:port`, `[v6]` or `[v6]:port`) is one of ours.
    fn allows(&self, host: &str) -> bool {
        let Some((name, ipv6)) = split_port(host) else {
            return false;
        };
        if !ipv6 && name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = if ipv6 {
            name.parse::<Ipv6Addr>().map(IpAddr::V6)
        } else {
            name.parse::<Ipv4Addr>().map(IpAddr::V4)
        };
        ip.is_ok_and(|ip| {
            ip.to_canonical().is_loopback() || ip == self.bound || self.bound.is_unspecified()
        })
    }
}

/// `name[:port]` or `[v6][:port]` → (name without brackets, was bracketed); `None` when the
/// port is not digits or anything trails the brackets.
fn split_port(host: &str) -> Option<(&str, bool)> {
    let (name, port, ipv6) = match host.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            (
                inside,
                after.strip_prefix(':').or(after.is_empty().then_some(""))?,
                true,
            )
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, port, false),
            None => (host, "", false),
        },
    };
    let port_ok = port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    (port_ok && !name.is_empty()).then_some((name, ipv6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(bound: &str, host: &str) -> HostCheck {
        let hosts = AllowedHosts::new(bound.parse().unwrap());
        let value = HeaderValue::from_str(host).unwrap();
        hosts.check(Version::HTTP_11, [&value], None)
    }

    #[test]
    fn loopback_names_with_any_port_are_allowed() {
        for host in [
            "localhost",
            "LocalHost:8000",
            "localhost:",
            "127.0.0.1",
            "127.0.0.1:8000",
            "127.0.0.2:1",
            "[::1]",
            "[::1]:8000",
            "[::ffff:127.0.0.1]:8000",
        ] {
            assert_eq!(judge("127.0.0.1:8000", host), HostCheck::Allowed, "{host}");
        }
    }

    #[test]
    fn other_names_are_foreign() {
        for host in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "localhost.",
            "sub.localhost",
            "127.0.0.1.nip.io",
            "user@localhost",
            "localhost@evil.example",
            "localhost:80:80",
            "localhost:http",
            "localhost:123456",
            "127.1",
            "0x7f.0.0.1",
            "::1",
            "[::1]x",
            "[localhost]",
            "192.168.1.5:8000",
            "",
        ] {
            assert_eq!(
                judge("127.0.0.1:8000", host),
                HostCheck::Foreign,
                "{host:?}"
            );
        }
    }

    #[test]
    fn the_bound_address_is_allowed_and_any_address_when_unspecified() {
        assert_eq!(
            judge("192.168.1.5:8000", "192.168.1.5:8000"),
            HostCheck::Allowed
        );
        assert_eq!(judge("192.168.1.5:8000", "192.168.1.5"), HostCheck::Allowed);
        assert_eq!(judge("192.168.1.5:8000", "192.168.1.6"), HostCheck::Foreign);
        assert_eq!(
            judge("[fe80::1]:8000", "[FE80::1]:8000"),
            HostCheck::Allowed
        );
        assert_eq!(judge("0.0.0.0:8000", "10.1.2.3:8000"), HostCheck::Allowed);
        assert_eq!(judge("[::]:8000", "[2001:db8::5]"), HostCheck::Allowed);
        assert_eq!(judge("0.0.0.0:8000", "evil.example"), HostCheck::Foreign);
    }

    #[test]
    fn missing_repeated_and_absolute_form_hosts() {
        let hosts = AllowedHosts::new("127.0.0.1:8000".parse().unwrap());
        let local = HeaderValue::from_static("localhost");
        let none: [&HeaderValue; 0] = [];
        assert_eq!(
            hosts.check(Version::HTTP_10, none, None),
            HostCheck::Allowed
        );
        assert_eq!(
            hosts.check(Version::HTTP_11, none, None),
            HostCheck::Malformed
        );
        assert_eq!(
            hosts.check(Version::HTTP_11, [&local, &local], None),
            HostCheck::Malformed
        );
        assert_eq!(
            hosts.check(Version::HTTP_11, [&local], Some("evil.example")),
            HostCheck::Foreign
        );
        assert_eq!(
            hosts.check(Version::HTTP_10, none, Some("evil.example:8000")),
            HostCheck::Foreign
        );
        assert_eq!(
            hosts.check(Version::HTTP_11, [&local], Some("127.0.0.1:8000")),
            HostCheck::Allowed
        );
    }
}
