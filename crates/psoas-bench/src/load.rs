//! The load generator: a number of virtual clients, each on its own keep-alive HTTP/1.1
//! connection over loopback, sending one request at a time (closed loop), until a request
//! count or a time limit is reached, whichever comes first. Latency is kept in an HDR
//! histogram (microseconds, three significant digits); writes remember what each client was
//! told, for the lost-write check.

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

use crate::writes::{Outcome, WritePlan};

/// How long one request may take before it counts as unanswered.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What the clients send.
#[derive(Clone)]
pub enum Work {
    /// The same GET again and again.
    Read {
        /// Path and query.
        path: String,
    },
    /// Each write of a plan once, in order of the shared counter.
    Write {
        /// The plan.
        plan: Arc<WritePlan>,
    },
    /// A POST of a trial's body to a fixed path (the bare ceiling endpoint).
    Post {
        /// Path.
        path: String,
        /// The body of every request.
        body: String,
    },
}

/// How much load, and for how long at most.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Concurrent clients.
    pub clients: usize,
    /// Requests in all, at most.
    pub max_requests: u64,
    /// Wall time, at most.
    pub max_time: Duration,
}

/// What a load run measured.
pub struct Run {
    /// Requests answered with a success status.
    pub ok: u64,
    /// Requests answered otherwise, or not at all.
    pub failed: u64,
    /// From the first request to the last answer.
    pub elapsed: Duration,
    /// Latency of answered requests, in microseconds.
    pub latency: Histogram<u64>,
    /// For writes: each write's index and what its client was told.
    pub outcomes: Vec<(u64, Outcome)>,
    /// The first failure seen, for the report.
    pub first_failure: Option<String>,
}

impl Run {
    /// Successful requests per second.
    pub fn rps(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// A latency percentile in milliseconds.
    pub fn percentile_ms(&self, q: f64) -> f64 {
        self.latency.value_at_quantile(q) as f64 / 1000.0
    }
}

struct Client {
    ok: u64,
    failed: u64,
    latency: Histogram<u64>,
    outcomes: Vec<(u64, Outcome)>,
    first_failure: Option<String>,
    last_answer: Option<Instant>,
}

async fn connect(addr: SocketAddr) -> std::io::Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(std::io::Error::other)?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

fn request(
    addr: SocketAddr,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<String>,
) -> Request<Full<Bytes>> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(HOST, addr.to_string());
    if let Some(token) = token {
        builder = builder.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            builder = builder.header(CONTENT_TYPE, "application/json");
            Bytes::from(body)
        }
        None => Bytes::new(),
    };
    builder
        .body(Full::new(body))
        .expect("a well-formed request")
}

/// Sends one request and reads the whole answer: its status, or why none came.
async fn exchange(
    sender: &mut SendRequest<Full<Bytes>>,
    request: Request<Full<Bytes>>,
) -> Result<u16, String> {
    let answer = async {
        sender.ready().await.map_err(|e| e.to_string())?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        Ok(status)
    };
    tokio::time::timeout(REQUEST_TIMEOUT, answer)
        .await
        .unwrap_or_else(|_| Err("no answer within 10 s".to_string()))
}

async fn client(
    addr: SocketAddr,
    token: Option<Arc<str>>,
    work: Work,
    bounds: Bounds,
    counter: Arc<AtomicU64>,
    answered: Arc<AtomicU64>,
    deadline: Instant,
) -> Client {
    let mut me = Client {
        ok: 0,
        failed: 0,
        latency: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
        outcomes: Vec::new(),
        first_failure: None,
        last_answer: None,
    };
    let mut sender = match connect(addr).await {
        Ok(sender) => sender,
        Err(e) => {
            me.first_failure = Some(format!("cannot connect: {e}"));
            return me;
        }
    };
    loop {
        if Instant::now() >= deadline {
            break;
        }
        let i = counter.fetch_add(1, Ordering::Relaxed);
        if i >= bounds.max_requests {
            break;
        }
        let token = token.as_deref();
        let (req, write) = match &work {
            Work::Read { path } => (request(addr, token, Method::GET, path, None), None),
            Work::Write { plan } => {
                let slot = plan.slot(i);
                let req = request(addr, token, Method::POST, &slot.path(), Some(slot.body()));
                (req, Some(i))
            }
            Work::Post { path, body } => (
                request(addr, token, Method::POST, path, Some(body.clone())),
                None,
            ),
        };
        let started = Instant::now();
        let answer = exchange(&mut sender, req).await;
        let now = Instant::now();
        match answer {
            Ok(status) => {
                answered.fetch_add(1, Ordering::Relaxed);
                me.last_answer = Some(now);
                let micros =
                    u64::try_from(now.duration_since(started).as_micros()).unwrap_or(u64::MAX);
                me.latency.saturating_record(micros.max(1));
                if (200..300).contains(&status) {
                    me.ok += 1;
                } else {
                    me.failed += 1;
                    me.first_failure
                        .get_or_insert_with(|| format!("answered {status}"));
                }
                if let Some(i) = write {
                    let outcome = if status == 201 {
                        Outcome::Acknowledged
                    } else {
                        Outcome::Refused(status)
                    };
                    me.outcomes.push((i, outcome));
                }
            }
            Err(why) => {
                me.failed += 1;
                me.first_failure.get_or_insert(why);
                if let Some(i) = write {
                    me.outcomes.push((i, Outcome::InDoubt));
                }
                // The connection is gone; a server that is gone too ends this client.
                match connect(addr).await {
                    Ok(again) => sender = again,
                    Err(_) => break,
                }
            }
        }
    }
    me
}

/// Runs a load against `addr` and gathers what every client measured.
pub async fn run(addr: SocketAddr, token: Option<&str>, work: &Work, bounds: Bounds) -> Run {
    run_counting(addr, token, work, bounds, Arc::new(AtomicU64::new(0))).await
}

/// [`run`], counting the answers received in `answered` as they come (to act in the middle
/// of a load, e.g. kill the server once enough writes were acknowledged).
pub async fn run_counting(
    addr: SocketAddr,
    token: Option<&str>,
    work: &Work,
    bounds: Bounds,
    answered: Arc<AtomicU64>,
) -> Run {
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + bounds.max_time;
    let token: Option<Arc<str>> = token.map(Arc::from);
    let tasks: Vec<_> = (0..bounds.clients)
        .map(|_| {
            tokio::spawn(client(
                addr,
                token.clone(),
                work.clone(),
                bounds,
                counter.clone(),
                answered.clone(),
                deadline,
            ))
        })
        .collect();
    let mut run = Run {
        ok: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        latency: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
        outcomes: Vec::new(),
        first_failure: None,
    };
    let mut last = started;
    for task in tasks {
        let Ok(done) = task.await else { continue };
        run.ok += done.ok;
        run.failed += done.failed;
        run.latency.add(&done.latency).expect("same bounds");
        run.outcomes.extend(done.outcomes);
        if run.first_failure.is_none() {
            run.first_failure = done.first_failure;
        }
        if let Some(at) = done.last_answer {
            last = last.max(at);
        }
    }
    run.elapsed = last.duration_since(started);
    run
}
