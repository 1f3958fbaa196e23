//! The client's address, for throttling sign-in attempts. It is the peer of
//! the TCP connection, unless that peer is a proxy the deployment trusts
//! (`--trusted-proxy`): then the last address of `X-Forwarded-For` that is
//! not itself a trusted proxy. Any other header is ignored, so a client
//! cannot choose the address it is counted under.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::AppState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

pub fn client_addr(peer: Option<IpAddr>, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else {
        return "inconnue".to_owned();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    forwarded_for
        .into_iter()
        .flat_map(|h| h.rsplit(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .find(|a| !trusted.contains(a))
        .unwrap_or(peer)
        .to_string()
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        Ok(ClientAddr(client_addr(peer, forwarded, &state.config.trusted_proxies)))
    }
}

#[cfg(test)]
mod tests {
    use super::client_addr;

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let peer = "203.0.113.7".parse().ok();
        let proxy: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        assert_eq!(client_addr(peer, Some("198.51.100.1"), &[]), "203.0.113.7", "untrusted peer: header ignored");
        assert_eq!(client_addr(Some(proxy), Some("198.51.100.1, 203.0.113.9"), &[proxy]), "203.0.113.9");
        assert_eq!(client_addr(Some(proxy), Some("198.51.100.1, 10.0.0.1"), &[proxy]), "198.51.100.1");
        assert_eq!(client_addr(Some(proxy), Some("n'importe quoi"), &[proxy]), "10.0.0.1");
        assert_eq!(client_addr(None, Some("198.51.100.1"), &[]), "inconnue");
    }
}
