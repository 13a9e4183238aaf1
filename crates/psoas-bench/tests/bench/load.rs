//! The load generator against the bare ceiling on a real loopback port: it stops at the
//! request bound or the time bound, whichever comes first, and counts every answer.

use psoas_bench::ceiling;
use psoas_bench::load::{self, Bounds, Work};
use std::time::{Duration, Instant};

async fn ceiling_on_port_zero() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, ceiling::router()).await });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_load_sends_exactly_its_request_bound_and_times_every_answer() {
    let addr = ceiling_on_port_zero().await;
    let read = Work::Read {
        path: ceiling::READ_PATH.to_string(),
    };
    let bounds = Bounds {
        clients: 4,
        max_requests: 500,
        max_time: Duration::from_secs(30),
    };
    let run = load::run(addr, None, &read, bounds).await;
    assert_eq!((run.ok, run.failed), (500, 0), "{:?}", run.first_failure);
    assert_eq!(run.latency.len(), 500);
    assert!(run.rps() > 0.0 && run.percentile_ms(0.99) >= run.percentile_ms(0.5));

    let post = Work::Post {
        path: ceiling::WRITE_PATH.to_string(),
        body: "{}".to_string(),
    };
    let run = load::run(
        addr,
        None,
        &post,
        Bounds {
            max_requests: 50,
            ..bounds
        },
    )
    .await;
    assert_eq!(
        (run.ok, run.failed),
        (50, 0),
        "the ceiling answers writes 201"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_load_stops_at_its_time_bound() {
    let addr = ceiling_on_port_zero().await;
    let read = Work::Read {
        path: ceiling::READ_PATH.to_string(),
    };
    let bounds = Bounds {
        clients: 2,
        max_requests: u64::MAX,
        max_time: Duration::from_millis(300),
    };
    let started = Instant::now();
    let run = load::run(addr, None, &read, bounds).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(run.ok > 0 && run.failed == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_is_not_there_fails_every_client_without_hanging() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let read = Work::Read {
        path: "/".to_string(),
    };
    let bounds = Bounds {
        clients: 3,
        max_requests: 10,
        max_time: Duration::from_secs(5),
    };
    let run = load::run(addr, None, &read, bounds).await;
    assert_eq!(run.ok, 0);
    assert!(run.first_failure.unwrap().contains("cannot connect"));
}
