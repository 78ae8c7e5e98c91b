//! The SSRF guard: a webhook goes only to a public address unless the
//! `webhooks_allow_private_targets` setting allows the others. The URL's host is resolved
//! and every address checked, at subscription time and again before each delivery, whose
//! connection is then pinned to the checked addresses (a DNS answer that changes between
//! the check and the connection cannot redirect it).

use std::net::{IpAddr, SocketAddr};

use url::Url;

use crate::error::Text;

/// A checked target: where to connect for a URL.
#[derive(Debug, Clone)]
pub struct Target {
    /// The URL.
    pub url: Url,
    /// Its host name as written.
    pub host: String,
    /// The addresses it resolved to, all allowed.
    pub addrs: Vec<SocketAddr>,
}

/// Whether `ip` is one a server-side request must not reach by default: loopback,
/// unspecified, private (RFC 1918), carrier-grade NAT (RFC 6598), link-local (RFC 3927,
/// RFC 4291), unique-local (RFC 4193), multicast, broadcast, documentation, or an
/// IPv4-mapped IPv6 form of one of these.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Parses and resolves `url`, refusing what the guard forbids; the refusal is the text of
/// a 422 on `url` (or of a delivery's `last_error`).
pub async fn check(url: &str, allow_private: bool) -> Result<Target, Text> {
    let parsed = Url::parse(url).map_err(|_| {
        Text::new(
            "Địa chỉ URL không hợp lệ.",
            "This is not a valid absolute URL.",
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Text::new(
            "Chỉ chấp nhận địa chỉ http:// hoặc https://.",
            "Only http:// and https:// URLs are accepted.",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Text::new(
            "Địa chỉ URL không được chứa tên đăng nhập hoặc mật khẩu.",
            "The URL must not carry a user name or password.",
        ));
    }
    let host = match parsed.host() {
        Some(url::Host::Domain(d)) => d.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => {
            return Err(Text::new(
                "Địa chỉ URL thiếu tên máy chủ.",
                "The URL has no host.",
            ));
        }
    };
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map(|a| a.collect())
        .unwrap_or_default();
    if addrs.is_empty() {
        return Err(Text::new(
            "Không phân giải được tên máy chủ của địa chỉ URL.",
            "The URL's host name does not resolve.",
        ));
    }
    if !allow_private && addrs.iter().any(|a| is_internal(a.ip())) {
        return Err(Text::new(
            "Địa chỉ URL trỏ tới mạng nội bộ (loopback, mạng riêng, link-local): không được phép.",
            "The URL points at an internal address (loopback, private, link-local or unique-local): not allowed.",
        ));
    }
    Ok(Target {
        url: parsed,
        host,
        addrs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn internal_ranges_are_recognised() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_internal(ip(s)), "{s}");
        }
        for s in [
            "1.1.1.1",
            "203.162.4.190",
            "2001:4860:4860::8888",
            "172.32.0.1",
        ] {
            assert!(!is_internal(ip(s)), "{s}");
        }
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        assert!(check("http://127.0.0.1:9/hook", false).await.is_err());
        assert!(check("http://[::1]:9/hook", false).await.is_err());
        assert!(check("http://localhost:9/hook", false).await.is_err());
        let allowed = check("http://127.0.0.1:9/hook", true).await;
        assert!(allowed.is_ok_and(|t| t.addrs.len() == 1 && t.host == "127.0.0.1"));
        assert!(check("ftp://example.com/x", true).await.is_err());
        assert!(check("http://user:pw@127.0.0.1/x", true).await.is_err());
        assert!(check("not a url", true).await.is_err());
    }
}
