//! A blocking HTTP/1.1 client for the local servers under test: hyper's, which is in the
//! tree already. It sends what it is given, follows no redirect and decodes nothing.

use http::{HeaderMap, Request};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A header's value, or `""` when absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().expect("ASCII header"))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// `GET url`; `Err` when no response came (refused, reset).
pub fn get(url: &str) -> Result<Reply, String> {
    get_with(url, &[])
}

/// `GET url` with extra request headers.
pub fn get_with(url: &str, headers: &[(&str, &str)]) -> Result<Reply, String> {
    let mut request = Request::get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let client = Client::builder(TokioExecutor::new()).build_http();
        let response = client.request(request).await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.map_err(|e| e.to_string())?;
        Ok(Reply {
            status,
            headers: parts.headers,
            body: body.to_bytes().to_vec(),
        })
    })
}
