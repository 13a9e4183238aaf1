//! The JSON API against a real server, on SQLite and on PostgreSQL: the whole protocol, every kind
//! of bad input (answered as problem+json, with nothing stored), scopes between accounts, tokens,
//! pagination, and the served OpenAPI document. Every response any test receives is checked against
//! the document: its status must be listed and its body must match the schema.

use crate::common;
use crate::common::{Backend, TestApp, both_backends, spawn_app};
use psoas_core::{Account, Email, SessionId};
use psoas_server::auth::{hash_secret, new_secret, now};
use psoas_store::{ApiToken, Scope};
use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

mod account;
mod camera;
mod contract;
mod deletion;
mod history;
mod more_trials;
mod practice;
mod voiding;

/// Every route of the API, as `(method, path)` in the document's spelling.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/openapi.json"),
    ("get", "/api/v1/profiles"),
    ("post", "/api/v1/profiles"),
    ("get", "/api/v1/profiles/{id}"),
    ("patch", "/api/v1/profiles/{id}"),
    ("delete", "/api/v1/profiles/{id}"),
    ("get", "/api/v1/sessions"),
    ("post", "/api/v1/sessions"),
    ("get", "/api/v1/sessions/{id}"),
    ("delete", "/api/v1/sessions/{id}"),
    ("put", "/api/v1/sessions/{id}/screening"),
    ("put", "/api/v1/sessions/{id}/symptoms"),
    ("put", "/api/v1/sessions/{id}/pain-after"),
    ("post", "/api/v1/sessions/{id}/measurements"),
    (
        "post",
        "/api/v1/sessions/{id}/measurements/{measurement_id}/void",
    ),
    (
        "delete",
        "/api/v1/sessions/{id}/measurements/{measurement_id}",
    ),
    ("post", "/api/v1/sessions/{id}/exercises"),
    ("post", "/api/v1/sessions/{id}/finish"),
    ("get", "/api/v1/sessions/{id}/verdict"),
    ("post", "/api/v1/sessions/{id}/lifts"),
    ("post", "/api/v1/sessions/{id}/camera"),
    (
        "get",
        "/api/v1/sessions/{id}/measurements/{measurement_id}/camera",
    ),
    (
        "put",
        "/api/v1/sessions/{id}/measurements/{measurement_id}/photos/{picture}",
    ),
    (
        "get",
        "/api/v1/sessions/{id}/measurements/{measurement_id}/photos/{picture}",
    ),
    ("post", "/api/v1/camera/angles"),
    ("post", "/api/v1/camera/markers"),
    (
        "get",
        "/api/v1/sessions/{id}/measurements/{measurement_id}/series",
    ),
    ("get", "/api/v1/history"),
    ("get", "/api/v1/export"),
    ("post", "/api/v1/import"),
    ("get", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    ("post", "/api/v1/account/password"),
    ("delete", "/api/v1/account"),
    ("delete", "/api/v1/accounts/{id}"),
    ("get", "/api/v1/account/sign-ins"),
    ("delete", "/api/v1/account/sign-ins/{id}"),
    ("post", "/api/v1/account/sign-ins/end-others"),
    ("get", "/api/v1/account/access-log"),
    ("get", "/api/v1/account/practitioner-notes"),
    ("get", "/api/v1/clients"),
    ("post", "/api/v1/clients/invitations"),
    ("get", "/api/v1/invitations"),
    ("delete", "/api/v1/invitations/{id}"),
    ("get", "/api/v1/clients/{id}"),
    ("delete", "/api/v1/clients/{id}"),
    ("get", "/api/v1/clients/{id}/profiles"),
    ("get", "/api/v1/clients/{id}/sessions"),
    ("get", "/api/v1/clients/{id}/sessions/{session_id}"),
    ("get", "/api/v1/clients/{id}/notes"),
    ("post", "/api/v1/clients/{id}/notes"),
    (
        "get",
        "/api/v1/clients/{id}/profiles/{profile_id}/prescription",
    ),
    (
        "put",
        "/api/v1/clients/{id}/profiles/{profile_id}/prescription",
    ),
    ("get", "/api/v1/profiles/{id}/prescription"),
    ("get", "/api/v1/practitioner"),
    ("delete", "/api/v1/practitioner"),
];

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

/// How a request proves who sends it.
#[derive(Clone)]
enum Auth {
    /// Nothing.
    Anonymous,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// A signed-in browser client, with or without the `X-CSRF-Token` header.
    Cookie {
        client: reqwest::Client,
        csrf: Option<String>,
    },
}

/// A request body.
enum Body {
    Empty,
    Json(Value),
    Raw(&'static str, Vec<u8>),
}

/// What came back.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: HeaderMap,
    body: Value,
    /// The bytes of a body that is a file (an image), whose `body` is then `Null`.
    file: Vec<u8>,
}

impl Reply {
    fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// Asserts an RFC 9457 problem of a kind and status; returns its detail.
    fn problem(&self, kind: &str, status: u16) -> String {
        assert_eq!(self.status, status, "{self:#?}");
        assert_eq!(self.content_type(), "application/problem+json", "{self:#?}");
        let body = self.body.as_object().expect("a problem is an object");
        assert_eq!(
            body["type"],
            format!("https://psoas.example/problems/{kind}"),
            "{self:#?}"
        );
        assert_eq!(body["status"], status);
        assert!(!body["title"].as_str().unwrap().is_empty());
        let detail = body["detail"].as_str().expect("a detail").to_string();
        assert!(detail.len() > 10, "the detail says something: {detail}");
        if kind == "validation" {
            assert!(!body["errors"].as_array().unwrap().is_empty());
        } else {
            assert!(body.get("errors").is_none());
        }
        detail
    }

    /// Asserts a validation problem naming one field; returns its message.
    fn invalid(&self, field: &str) -> String {
        self.problem("validation", 422);
        let errors = self.body["errors"].as_array().unwrap();
        let error = errors
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("no error for {field}: {errors:#?}"));
        error["message"].as_str().unwrap().to_string()
    }
}

/// A signed-in account, with a personal access token and its browser client.
struct User {
    /// The account, as the store has it.
    account: Account,
    token: Auth,
    secret: String,
    browser: reqwest::Client,
}

/// A running server, its OpenAPI document, and requests checked against it.
struct Api {
    app: TestApp,
    http: reqwest::Client,
    doc: Value,
    /// The document's components with every object schema closed to undocumented fields.
    closed_components: Value,
    /// How many replies came back, and how many of them were checked against the document.
    sent: AtomicUsize,
    checked: AtomicUsize,
}

impl Api {
    async fn start(backend: Backend) -> Self {
        let app = spawn_app(backend).await;
        let http = reqwest::Client::new();
        let response = http.get(app.url("/api/openapi.json")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let doc: Value = response.json().await.unwrap();
        let mut closed_components = doc["components"].clone();
        close_objects(&mut closed_components);
        Self {
            app,
            http,
            doc,
            closed_components,
            sent: AtomicUsize::new(0),
            checked: AtomicUsize::new(0),
        }
    }

    async fn user_for(&self, email: &str, browser: reqwest::Client) -> User {
        let (account, _) = self
            .app
            .store
            .account_by_email(&Email::parse(email).unwrap())
            .await
            .unwrap()
            .expect("the account exists");
        let secret = format!("psoas_{}", new_secret());
        let token = ApiToken {
            id: Uuid::new_v4(),
            name: format!("tests for {email}"),
            created_at: now(),
            last_used_at: None,
        };
        self.app
            .store
            .add_api_token(account.id, &token, &hash_secret(&secret))
            .await
            .unwrap();
        User {
            account,
            token: Auth::Bearer(secret.clone()),
            secret,
            browser,
        }
    }

    /// The owner account, with a token.
    async fn owner(&self) -> User {
        let browser = self.app.owner("olga@example.org").await;
        self.user_for("olga@example.org", browser).await
    }

    /// A member invited by the owner, with a token.
    async fn member(&self, owner: &User) -> User {
        let browser = self.app.member(&owner.browser, "mia@example.org").await;
        self.user_for("mia@example.org", browser).await
    }

    async fn send(&self, auth: &Auth, method: &str, path: &str, body: Body) -> Reply {
        let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
        let client = match auth {
            Auth::Cookie { client, .. } => client,
            _ => &self.http,
        };
        let mut request = client.request(method.clone(), self.app.url(path));
        match auth {
            Auth::Anonymous => {}
            Auth::Bearer(token) => request = request.bearer_auth(token),
            Auth::Cookie { csrf, .. } => {
                if let Some(csrf) = csrf {
                    request = request.header("X-CSRF-Token", csrf);
                }
            }
        }
        let refused_by_document = match &body {
            Body::Json(value) if !value.is_null() => {
                self.request_errors(method.as_str(), path, value)
            }
            _ => Vec::new(),
        };
        request = match body {
            Body::Empty => request,
            Body::Json(value) => request.json(&value),
            Body::Raw(content_type, bytes) => {
                request.header(CONTENT_TYPE, content_type).body(bytes)
            }
        };
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let text_body = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/"));
        let file_body = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("image/"));
        let body = if bytes.is_empty() || file_body {
            Value::Null
        } else if text_body {
            // CSV downloads: checked against the document as a string.
            Value::String(String::from_utf8(bytes.to_vec()).expect("UTF-8 text"))
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!(
                    "{method} {path} answered {status} with a body that is not JSON: {}",
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        let reply = Reply {
            status,
            headers,
            body,
            file: if file_body {
                bytes.to_vec()
            } else {
                Vec::new()
            },
        };
        self.sent.fetch_add(1, Ordering::Relaxed);
        self.check_against_document(method.as_str(), path, &reply);
        assert!(
            !(200..300).contains(&reply.status) || refused_by_document.is_empty(),
            "{method} {path} accepted a body its documented schema refuses: \
             {refused_by_document:#?}"
        );
        reply
    }

    /// The errors of a JSON request body against its operation's documented schema; none
    /// for an undocumented address.
    fn request_errors(&self, method: &str, path: &str, body: &Value) -> Vec<String> {
        let Some((_, operation)) = self.operation(method, path) else {
            return Vec::new();
        };
        match operation.pointer("/requestBody/content/application~1json/schema") {
            Some(schema) => self.validate(schema, body),
            None => vec![format!("{method} {path} documents no JSON body")],
        }
    }

    async fn get(&self, auth: &Auth, path: &str) -> Reply {
        self.send(auth, "get", path, Body::Empty).await
    }

    async fn post(&self, auth: &Auth, path: &str, body: Value) -> Reply {
        self.send(auth, "post", path, Body::Json(body)).await
    }

    async fn put(&self, auth: &Auth, path: &str, body: Value) -> Reply {
        self.send(auth, "put", path, Body::Json(body)).await
    }

    async fn patch(&self, auth: &Auth, path: &str, body: Value) -> Reply {
        self.send(auth, "patch", path, Body::Json(body)).await
    }

    async fn delete(&self, auth: &Auth, path: &str) -> Reply {
        self.send(auth, "delete", path, Body::Empty).await
    }

    /// The documented operation a request goes to, by the document's path templates.
    fn operation(&self, method: &str, path: &str) -> Option<(String, &Value)> {
        let path = path.split('?').next().unwrap();
        let actual: Vec<&str> = path.split('/').collect();
        let paths = self.doc["paths"].as_object().unwrap();
        let mut matches: Vec<(usize, &String, &Value)> = paths
            .iter()
            .filter_map(|(template, item)| {
                let parts: Vec<&str> = template.split('/').collect();
                let fits = parts.len() == actual.len()
                    && parts
                        .iter()
                        .zip(&actual)
                        .all(|(t, a)| t == a || (t.starts_with('{') && t.ends_with('}')));
                let params = parts.iter().filter(|t| t.starts_with('{')).count();
                fits.then_some((params, template, item))
            })
            .collect();
        matches.sort_by_key(|(params, _, _)| *params);
        let (_, template, item) = matches.into_iter().next()?;
        item.get(method.to_ascii_lowercase())
            .map(|op| (template.clone(), op))
    }

    /// Panics unless the reply's status is documented for its operation and its body
    /// matches the documented schema for its content type.
    fn check_against_document(&self, method: &str, path: &str, reply: &Reply) {
        let Some((template, operation)) = self.operation(method, path) else {
            return; // not an API operation: the 404 and 405 answers, checked by their tests
        };
        let mut response = operation["responses"]
            .get(reply.status.to_string())
            .unwrap_or_else(|| {
                panic!(
                    "{method} {template} answered {}, which the document does not list: {:#?}",
                    reply.status, reply.body
                )
            });
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            response = resolve(&self.doc, reference);
        }
        self.checked.fetch_add(1, Ordering::Relaxed);
        if !reply.file.is_empty() {
            let media = reply.content_type();
            assert!(
                response["content"].get(media).is_some(),
                "{method} {template} {} sent {media}, which the document does not list",
                reply.status
            );
            return;
        }
        if reply.body.is_null() {
            assert!(
                response.get("content").is_none(),
                "{method} {template} {}: the document promises a body",
                reply.status
            );
            return;
        }
        let media = reply.content_type().split(';').next().unwrap().trim();
        let schema = response["content"]
            .get(media)
            .unwrap_or_else(|| {
                panic!(
                    "{method} {template} {} sent {media}, which the document does not list",
                    reply.status
                )
            })
            .get("schema")
            .expect("a schema");
        let errors = self.validate(schema, &reply.body);
        assert!(
            errors.is_empty(),
            "{method} {template} {}: the body does not match the document: {errors:#?}\n{:#}",
            reply.status,
            reply.body
        );
    }

    /// Validates a value against a schema of the document, its `$ref`s resolved to the
    /// (closed) components; returns the errors.
    fn validate(&self, schema: &Value, instance: &Value) -> Vec<String> {
        let mut root = match schema {
            Value::Object(map) => map.clone(),
            Value::Bool(_) => return Vec::new(),
            other => panic!("not a schema: {other}"),
        };
        close_objects_in(&mut root);
        root.insert("components".into(), self.closed_components.clone());
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .expect("the schema compiles");
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }
}

/// Follows a local `$ref` such as `#/components/responses/NotFound`.
fn resolve<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    doc.pointer(reference.trim_start_matches('#'))
        .unwrap_or_else(|| panic!("{reference} resolves"))
}

/// Makes every object schema with listed properties refuse unlisted ones, so a field the
/// server sends but the document does not describe fails validation.
fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => close_objects_in(map),
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

fn close_objects_in(map: &mut Map<String, Value>) {
    if map.contains_key("properties") && !map.contains_key("additionalProperties") {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    for (key, child) in map.iter_mut() {
        // Conditions name only the fields they test or require: closing them would refuse
        // the object's other fields.
        let condition = matches!(key.as_str(), "if" | "then" | "else" | "not");
        if !condition && key != "example" && key != "examples" && key != "default" {
            close_objects(child);
        }
    }
}

/// Profiles and sessions as the store has them, whoever owns them.
async fn stored_profiles(api: &Api) -> Vec<String> {
    api.app
        .store
        .list_profiles(Scope::Terminal)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name.to_string())
        .collect()
}

async fn stored_sessions(api: &Api) -> usize {
    api.app
        .store
        .list_sessions(Scope::Terminal, None)
        .await
        .unwrap()
        .len()
}

async fn stored_record(api: &Api, id: &str) -> psoas_core::SessionRecord {
    api.app
        .store
        .session(Scope::Terminal, SessionId(id.parse().unwrap()))
        .await
        .unwrap()
}

/// Adds a profile and returns its id.
async fn add_profile(api: &Api, user: &User, body: Value) -> String {
    let reply = api.post(&user.token, "/api/v1/profiles", body).await;
    assert_eq!(reply.status, 201, "{reply:#?}");
    reply.body["id"].as_str().unwrap().to_string()
}

/// Starts a screened session with two trials per side and returns its id.
async fn start_session(api: &Api, user: &User, profile: &str) -> String {
    let reply = api
        .post(
            &user.token,
            "/api/v1/sessions",
            json!({"profile_id": profile, "red_flags": [], "trials_per_side": 2}),
        )
        .await;
    assert_eq!(reply.status, 201, "{reply:#?}");
    reply.body["id"].as_str().unwrap().to_string()
}

/// A profile with a leg length and a session past its symptoms, ready for trials.
async fn ready_session(api: &Api, user: &User) -> String {
    let profile = add_profile(api, user, json!({"name": "Anna", "leg_length_cm": 90})).await;
    let session = start_session(api, user, &profile).await;
    let reply = api
        .put(
            &user.token,
            &format!("/api/v1/sessions/{session}/symptoms"),
            json!({"back_pain": 3, "pelvic_pain": 1, "sitting_hours_per_day": 8,
                   "situps_per_week": 0}),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:#?}");
    session
}

// ---------------------------------------------------------------------------------------
// The protocol
// ---------------------------------------------------------------------------------------

/// Records the trial the next step asks for, with the value given; returns the next step.
async fn take_trial(api: &Api, user: &User, session: &str, step: &Value, value: Value) -> Value {
    assert_eq!(step["step"], "trial", "expected a trial, got {step}");
    let reply = api
        .post(
            &user.token,
            &format!("/api/v1/sessions/{session}/measurements"),
            json!({"test": step["test"], "side": step["side"], "value": value}),
        )
        .await;
    assert_eq!(reply.status, 201, "{reply:#?}");
    let m = &reply.body["measurement"];
    assert_eq!(m["test"], step["test"]);
    assert_eq!(m["phase"], step["phase"]);
    assert_eq!(m["side"], step["side"]);
    assert_eq!(m["trial"], step["trial"]);
    reply.body["next_step"].clone()
}

async fn a_whole_protocol_runs_through_the_api_from_profile_to_history(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let me = &olga.token;

    // Profile, then a session with its screening.
    let profile = add_profile(
        &api,
        &olga,
        json!({"name": "Anna", "birth_year": 1984.0, "sex": "female", "leg_length_cm": 90}),
    )
    .await;
    // 1984.0 is an integer to JSON Schema, and so to the server.
    let read = api.get(me, &format!("/api/v1/profiles/{profile}")).await;
    assert_eq!(read.body["birth_year"], 1984);
    let started = api
        .post(
            me,
            "/api/v1/sessions",
            json!({"profile_id": profile, "red_flags": [], "trials_per_side": 2}),
        )
        .await;
    assert_eq!(started.status, 201);
    let session = started.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        started.headers["location"],
        format!("/api/v1/sessions/{session}").as_str()
    );
    assert_eq!(started.body["screening"]["clear"], true);
    assert_eq!(started.body["status"], "unfinished");
    assert_eq!(started.body["next_step"], json!({"step": "symptoms"}));
    let base = format!("/api/v1/sessions/{session}");

    // Symptoms.
    let symptoms = api
        .put(
            me,
            &format!("{base}/symptoms"),
            json!({"back_pain": 4, "pelvic_pain": 2, "sitting_hours_per_day": 9.5,
                   "situps_per_week": 30, "extension_after_situps": false}),
        )
        .await;
    assert_eq!(symptoms.status, 200);
    assert_eq!(
        symptoms.body["symptoms"]["risk_notes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let mut step = symptoms.body["next_step"].clone();

    // Baseline leg raise, following the next step: left is tight. Values as text with
    // units and as bare numbers; the first one's way (a goniometer) is kept, so a heel height
    // in the same test is refused, saying why, and nothing is stored.
    step = take_trial(&api, &olga, &session, &step, json!("12 deg")).await;
    let heel = api
        .post(
            me,
            &format!("{base}/measurements"),
            json!({"test": "leg_raise", "side": "right", "value": "20 cm"}),
        )
        .await;
    assert!(
        heel.invalid("/method")
            .contains("goniometer cannot measure a heel height"),
        "{heel:#?}"
    );
    for value in [json!("22 deg"), json!(12), json!(22)] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    assert_eq!(step, json!({"step": "stretch"}));

    let verdict = api
        .get(me, &format!("{base}/verdict?stretch=a&technique=b"))
        .await;
    assert_eq!(verdict.status, 200);
    let leg_raise = &verdict.body["leg_raise"];
    assert_eq!(
        leg_raise["finding"],
        json!({"kind": "side", "side": "left"})
    );
    assert!(!leg_raise["reasons"].as_array().unwrap().is_empty());
    // The goniometer's error sets the threshold, 1.96 x 4.5° x √(1/2 + 1/2) = 8.8°, which
    // the 10° difference reaches.
    assert_eq!(leg_raise["method"], "goniometer");
    assert_eq!(leg_raise["method_error"], 4.5);
    assert_eq!(leg_raise["threshold"], 8.8);
    assert_eq!(leg_raise["confidence"], "clear");
    assert!(leg_raise["more_trials"].is_null());
    let plan = &verdict.body["plan"]["stretch"];
    assert_eq!(plan["status"], "do");
    assert_eq!(plan["exercise"]["option"], "edge_of_bed");
    assert_eq!(plan["exercise"]["side"], "left");
    assert_eq!(plan["total_seconds"], 5 * 30 + 4 * 10);
    assert_eq!(verdict.body["plan"]["strengthen"]["status"], "not_needed");

    // The stretch, its side taken from the verdict.
    let stretch = api
        .post(
            me,
            &format!("{base}/exercises"),
            json!({"step": "stretch", "variant": "edge_of_bed", "outcome": "completed"}),
        )
        .await;
    assert_eq!(stretch.status, 201, "{stretch:#?}");
    assert_eq!(stretch.body["exercise"]["exercise"]["side"], "left");
    assert_eq!(stretch.body["exercise"]["done_seconds"], 190);
    step = stretch.body["next_step"].clone();
    assert_eq!(step["phase"], "after_stretch");

    // Strength after the stretch: left is weak.
    for value in [json!("4/5"), json!(5), json!("4"), json!("5")] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    assert_eq!(step, json!({"step": "strengthen"}));

    // Strengthening, stopped halfway.
    let strengthen = api
        .post(
            me,
            &format!("{base}/exercises"),
            json!({"step": "strengthen", "variant": "glute_weak_side", "outcome": "stopped",
                   "seconds": 90, "note": "cramp", "durations": {"strengthen_seconds": 120}}),
        )
        .await;
    assert_eq!(strengthen.status, 201, "{strengthen:#?}");
    let record = &strengthen.body["exercise"];
    assert_eq!(record["planned_seconds"], 120);
    assert_eq!(record["exercise"]["weak_side"], "left");
    assert_eq!(record["exercise"]["worked_side"], "left");
    step = strengthen.body["next_step"].clone();

    // The retest: both tests again, after strengthening.
    assert_eq!(step["phase"], "after_strengthening");
    for value in [json!(18), json!(19), json!(18), json!(19)] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    for value in [json!(5), json!(5), json!(5), json!(5)] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    assert_eq!(step, json!({"step": "pain_after"}));

    // Pain at the end, judged against the start (back 4, pelvis 2): the back eased by 3
    // points, more than the 2 that matter; the pelvis by 1, less than that.
    let pain = api
        .put(
            me,
            &format!("{base}/pain-after"),
            json!({"back_pain": 1, "pelvic_pain": 1}),
        )
        .await;
    assert_eq!(pain.status, 200, "{pain:#?}");
    assert_eq!(pain.body["pain_after"]["back_pain"], 1);
    let change = &pain.body["pain_change"];
    assert_eq!(change["important_change"], 2, "{change:#}");
    assert_eq!(change["areas"][0]["area"], "low_back");
    assert_eq!(change["areas"][0]["change"], -3);
    assert_eq!(change["areas"][0]["outcome"], "eased");
    assert_eq!(change["areas"][1]["outcome"], "no_clear_change");
    assert_eq!(change["advice"], Value::Null);
    step = pain.body["next_step"].clone();
    assert_eq!(step, json!({"step": "summary"}));

    // The whole record, with before and after.
    let shown = api.get(me, &base).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.body["profile_name"], "Anna");
    assert_eq!(shown.body["measurements"].as_array().unwrap().len(), 16);
    assert_eq!(shown.body["exercises"].as_array().unwrap().len(), 2);
    assert_eq!(shown.body["verdicts"].as_array().unwrap().len(), 4);
    assert_eq!(shown.body["pain_after"]["pelvic_pain"], 1);
    assert_eq!(shown.body["pain_change"]["areas"][0]["outcome"], "eased");
    let comparisons = shown.body["comparisons"].as_array().unwrap();
    assert_eq!(comparisons[0]["before"]["side"], "left");
    assert_eq!(
        comparisons[0]["after"]["finding"]["kind"],
        "no_clear_difference"
    );
    assert_eq!(comparisons[1]["before"]["phase"], "after_stretch");
    assert_eq!(
        comparisons[1]["after"]["finding"]["kind"],
        "no_clear_difference"
    );
    // The retest judged against the goniometer's error: 2 trials before and 2 after detect
    // 1.96 x 4.5° x √(1/2 + 1/2) = 8.8° on a side, so the left leg's +5.6° is within error.
    let leg_raise = &comparisons[0]["change"];
    assert_eq!(leg_raise["method"], "goniometer", "{leg_raise:#}");
    let left = &leg_raise["sides"][0];
    assert_eq!(left["side"], "left");
    assert_eq!(left["detectable"], 8.8);
    assert_eq!(left["outcome"], "within_error");
    assert_eq!(
        (
            left["trials_before"].as_u64(),
            left["trials_after"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(leg_raise["gap"]["detectable"], 12.5, "{leg_raise:#}");
    assert_eq!(leg_raise["sentences"].as_array().unwrap().len(), 3);
    // Grades: the helper's feel errs by a grade, 1.96 x 1 x 1 = 2 grades with 2 and 2.
    let strength = &comparisons[1]["change"];
    assert_eq!(
        strength["sides"][0]["text"], "+1 grade, within error",
        "{strength:#}"
    );
    assert_eq!(strength["sides"][0]["detectable"], 2.0);
    assert_eq!(strength["any_real"], false);
    assert_eq!(
        comparisons[1]["verdicts_text"],
        "Weak side: left → No clear difference between the sides"
    );
    assert_eq!(shown.body["next_step"], json!({"step": "summary"}));

    // Finish, twice: the second changes nothing.
    let finished = api.post(me, &format!("{base}/finish"), Value::Null).await;
    assert_eq!(finished.status, 200, "{finished:#?}");
    assert_eq!(finished.body["status"], "finished");
    assert_eq!(finished.body["next_step"], json!({"step": "done"}));
    let again = api.post(me, &format!("{base}/finish"), Value::Null).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["ended_at"], finished.body["ended_at"]);

    // History.
    let history = api
        .get(me, &format!("/api/v1/history?profile_id={profile}"))
        .await;
    assert_eq!(history.status, 200);
    assert_eq!(history.body["total"], 1);
    let line = &history.body["items"][0];
    assert_eq!(line["session_id"], session.as_str());
    assert_eq!(line["status"], "finished");
    assert_eq!(line["tightness"]["side"], "left");
    assert_eq!(line["tightness_after"]["finding"], "no_clear_difference");
    assert_eq!(line["weakness"]["side"], "left");
    assert_eq!(line["back_pain"], 4);

    // Every reply above had a documented status and a body that fits its schema.
    let sent = api.sent.load(Ordering::Relaxed);
    assert!(sent > 20);
    assert_eq!(api.checked.load(Ordering::Relaxed), sent);

    // What the store holds is what the API said.
    let stored = stored_record(&api, &session).await;
    assert_eq!(stored.measurements.len(), 16);
    assert_eq!(stored.session.status, psoas_core::SessionStatus::Finished);
}

async fn a_red_flag_stops_the_session_at_once_and_it_takes_no_trials(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let profile = add_profile(&api, &olga, json!({"name": "Anna"})).await;
    let started = api
        .post(
            &olga.token,
            "/api/v1/sessions",
            json!({"profile_id": profile, "red_flags": ["pregnancy"]}),
        )
        .await;
    assert_eq!(started.status, 201);
    assert_eq!(started.body["status"], "stopped_at_screening");
    assert_eq!(started.body["trials_per_side"], 3, "the default");
    assert_eq!(started.body["next_step"], json!({"step": "done"}));
    let advice = started.body["screening"]["advice"].as_array().unwrap();
    assert!(
        advice
            .iter()
            .any(|a| a.as_str().unwrap().contains("midwife"))
    );
    let id = started.body["id"].as_str().unwrap();

    let trial = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{id}/measurements"),
            json!({"test": "leg_raise", "side": "left", "value": "20"}),
        )
        .await;
    let detail = trial.problem("conflict", 409);
    assert!(
        detail.contains("clinician") || detail.contains("doctor"),
        "{detail}"
    );
    let finish = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{id}/finish"),
            json!(null),
        )
        .await;
    finish.problem("conflict", 409);
    assert!(stored_record(&api, id).await.measurements.is_empty());
}

async fn profiles_are_read_and_changed_and_null_clears_a_detail(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let id = add_profile(
        &api,
        &olga,
        json!({"name": "  Anna ", "birth_year": 1990, "leg_length_cm": 88.5}),
    )
    .await;
    let shown = api
        .get(&olga.token, &format!("/api/v1/profiles/{id}"))
        .await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.body["name"], "Anna", "trimmed");
    let changed = api
        .patch(
            &olga.token,
            &format!("/api/v1/profiles/{id}"),
            json!({"name": "Anna B", "birth_year": null, "sex": "other"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{changed:#?}");
    assert_eq!(
        changed.body,
        json!({"id": id, "name": "Anna B", "birth_year": null, "sex": "other",
               "leg_length_cm": 88.5, "body_height_cm": null, "keep_photos": false})
    );
    // A body height, from which a missing leg length is estimated; out of range is refused.
    let tall = api
        .patch(
            &olga.token,
            &format!("/api/v1/profiles/{id}"),
            json!({"body_height_cm": 172.5}),
        )
        .await;
    assert_eq!(tall.status, 200, "{tall:#?}");
    assert_eq!(tall.body["body_height_cm"], 172.5);
    api.patch(
        &olga.token,
        &format!("/api/v1/profiles/{id}"),
        json!({"body_height_cm": 300}),
    )
    .await
    .invalid("/body_height_cm");
    // The name cannot be cleared, and a name already used is a conflict.
    let cleared = api
        .patch(
            &olga.token,
            &format!("/api/v1/profiles/{id}"),
            json!({"name": null}),
        )
        .await;
    cleared.invalid("/name");
    add_profile(&api, &olga, json!({"name": "Ben"})).await;
    let clash = api
        .patch(
            &olga.token,
            &format!("/api/v1/profiles/{id}"),
            json!({"name": "ben"}),
        )
        .await;
    clash.problem("conflict", 409);
    let twice = api
        .post(&olga.token, "/api/v1/profiles", json!({"name": "BEN"}))
        .await;
    assert!(twice.problem("conflict", 409).contains("already exists"));
    let mut names = stored_profiles(&api).await;
    names.sort();
    assert_eq!(names, ["Anna B", "Ben"]);
}

// ---------------------------------------------------------------------------------------
// Bad input: answered as problem+json, nothing stored
// ---------------------------------------------------------------------------------------

async fn malformed_json_is_a_400_and_stores_nothing(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    for text in [r#"{"name": "Anna""#, "", r#"{"name": "Anna"} trailing"#] {
        let reply = api
            .send(
                &olga.token,
                "post",
                "/api/v1/profiles",
                Body::Raw("application/json", text.as_bytes().to_vec()),
            )
            .await;
        let detail = reply.problem("malformed-json", 400);
        assert!(detail.contains("not valid JSON"), "{detail}");
    }
    assert!(stored_profiles(&api).await.is_empty());
}

async fn a_body_not_sent_as_json_is_a_415(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let reply = api
        .send(
            &olga.token,
            "post",
            "/api/v1/profiles",
            Body::Raw("text/plain", br#"{"name": "Anna"}"#.to_vec()),
        )
        .await;
    assert!(
        reply
            .problem("unsupported-media-type", 415)
            .contains("application/json")
    );
    assert!(stored_profiles(&api).await.is_empty());
}

async fn wrong_types_missing_and_unknown_fields_name_the_field(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let profile = add_profile(&api, &olga, json!({"name": "Anna"})).await;
    let cases = [
        (
            json!({"profile_id": profile, "red_flags": [], "trials_per_side": "three"}),
            "/trials_per_side",
            "invalid type",
        ),
        (
            json!({"profile_id": profile}),
            "/red_flags",
            "missing field",
        ),
        (
            json!({"profile_id": profile, "red_flags": ["pregnancy", "headache"]}),
            "/red_flags/1",
            "unknown variant",
        ),
        (
            json!({"profile_id": profile, "red_flags": [], "colour": "red"}),
            "/colour",
            "unknown field",
        ),
        (
            json!({"profile_id": "not-a-uuid", "red_flags": []}),
            "/profile_id",
            "UUID",
        ),
        (json!("text"), "", "invalid type"),
    ];
    for (body, field, words) in cases {
        let reply = api.post(&olga.token, "/api/v1/sessions", body).await;
        let message = reply.invalid(field);
        assert!(message.contains(words), "{field}: {message}");
    }
    assert_eq!(stored_sessions(&api).await, 0);
}

async fn values_out_of_range_are_refused_with_the_cores_message_and_nothing_stored(
    backend: Backend,
) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let base = format!("/api/v1/sessions/{session}");
    let me = &olga.token;

    let cases = [
        (
            json!({"test": "leg_raise", "side": "left", "value": "120"}),
            "/value",
            "leg-raise angle must be between 0 and 90 degrees, got 120",
        ),
        (
            json!({"test": "strength", "side": "left", "value": 7}),
            "/value",
            "between 0 and 5",
        ),
        (
            json!({"test": "leg_raise", "side": "left", "value": "abc"}),
            "/value",
            "give an angle like '35'",
        ),
        (
            json!({"test": "leg_raise", "side": "left", "value": "95 cm"}),
            "/value",
            "cannot rise higher",
        ),
        (
            json!({"test": "leg_raise", "side": "left", "value": "20", "trial": 0}),
            "/trial",
            "trial number must be between 1 and 20",
        ),
        (
            json!({"test": "strength", "side": "left", "value": "150 N",
                   "method": "helpers_feel"}),
            "/method",
            "dynamometer",
        ),
        (
            json!({"test": "leg_raise", "side": "left"}),
            "/value",
            "hurt",
        ),
    ];
    for (body, field, words) in cases {
        let reply = api.post(me, &format!("{base}/measurements"), body).await;
        let message = reply.invalid(field);
        assert!(message.contains(words), "{field}: {message}");
    }
    let pain = api
        .put(
            me,
            &format!("{base}/symptoms"),
            json!({"back_pain": 11, "pelvic_pain": 0, "sitting_hours_per_day": 8,
                   "situps_per_week": 0}),
        )
        .await;
    assert_eq!(
        pain.invalid("/back_pain"),
        "pain must be between 0 and 10, got 11"
    );
    let situps = api
        .put(
            me,
            &format!("{base}/symptoms"),
            json!({"back_pain": 1, "pelvic_pain": 0, "sitting_hours_per_day": 8,
                   "situps_per_week": 20}),
        )
        .await;
    situps.invalid("/extension_after_situps");
    let durations = api
        .post(
            me,
            &format!("{base}/exercises"),
            json!({"step": "stretch", "variant": "foam_roller", "side": "left",
                   "durations": {"roller_seconds": 5000}}),
        )
        .await;
    assert!(
        durations
            .invalid("/durations/roller_seconds")
            .contains("between 1 and 900")
    );
    let variant = api
        .post(
            me,
            &format!("{base}/exercises"),
            json!({"step": "stretch", "variant": "glute_weak_side", "side": "left"}),
        )
        .await;
    variant.invalid("/variant");
    let no_side = api
        .post(
            me,
            &format!("{base}/exercises"),
            json!({"step": "stretch", "variant": "foam_roller"}),
        )
        .await;
    assert!(no_side.invalid("/side").contains("not_needed"));
    let trials = api
        .post(
            me,
            "/api/v1/sessions",
            json!({"profile_id": stored_record(&api, &session).await.session.profile_id,
                   "red_flags": [], "trials_per_side": 11}),
        )
        .await;
    assert!(
        trials
            .invalid("/trials_per_side")
            .contains("between 1 and 10")
    );
    let year = api
        .post(
            me,
            "/api/v1/profiles",
            json!({"name": "Old", "birth_year": 1850}),
        )
        .await;
    year.invalid("/birth_year");

    let stored = stored_record(&api, &session).await;
    assert!(stored.measurements.is_empty());
    assert!(stored.exercises.is_empty());
    assert_eq!(stored.symptoms.unwrap().back_pain.value(), 3, "unchanged");
    assert_eq!(stored_sessions(&api).await, 1);
    assert_eq!(stored_profiles(&api).await, ["Anna"]);
}

async fn an_oversized_body_is_a_413_and_stores_nothing(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let name = "x".repeat(70 * 1024);
    let reply = api
        .post(&olga.token, "/api/v1/profiles", json!({"name": name}))
        .await;
    reply.problem("payload-too-large", 413);
    assert!(stored_profiles(&api).await.is_empty());
}

async fn the_same_trial_twice_and_entries_into_a_finished_session_are_conflicts(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let base = format!("/api/v1/sessions/{session}");
    let trial = json!({"test": "leg_raise", "side": "left", "value": "20", "trial": 1});
    let first = api
        .post(&olga.token, &format!("{base}/measurements"), trial.clone())
        .await;
    assert_eq!(first.status, 201);
    let second = api
        .post(&olga.token, &format!("{base}/measurements"), trial.clone())
        .await;
    assert!(second.problem("conflict", 409).contains("already recorded"));
    let done = api
        .post(&olga.token, &format!("{base}/finish"), json!(null))
        .await;
    assert_eq!(done.status, 200);
    let late = api
        .post(
            &olga.token,
            &format!("{base}/measurements"),
            json!({"test": "leg_raise", "side": "right", "value": "20"}),
        )
        .await;
    assert!(late.problem("conflict", 409).contains("finished"));
    assert_eq!(stored_record(&api, &session).await.measurements.len(), 1);
}

async fn unknown_ids_and_addresses_are_404_problems(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let me = &olga.token;
    let nobody = Uuid::new_v4();
    for path in [
        format!("/api/v1/sessions/{nobody}"),
        format!("/api/v1/profiles/{nobody}"),
        "/api/v1/sessions/not-an-id".to_string(),
        format!("/api/v1/sessions/{nobody}/verdict"),
        format!("/api/v1/history?profile_id={nobody}"),
        format!("/api/v1/sessions?profile_id={nobody}"),
    ] {
        api.get(me, &path).await.problem("not-found", 404);
    }
    api.post(
        me,
        "/api/v1/sessions",
        json!({"profile_id": nobody, "red_flags": []}),
    )
    .await
    .problem("not-found", 404);
    api.delete(me, &format!("/api/v1/tokens/{nobody}"))
        .await
        .problem("not-found", 404);
    api.get(me, "/api/v2/profiles")
        .await
        .problem("not-found", 404);
    let wrong_method = api.delete(me, "/api/v1/profiles").await;
    wrong_method.problem("method-not-allowed", 405);
    assert_eq!(wrong_method.headers["allow"], "GET,HEAD,POST");
    assert_eq!(stored_sessions(&api).await, 0);
}

async fn another_accounts_ids_are_not_found_and_reveal_nothing(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mia = api.member(&olga).await;
    let session = ready_session(&api, &olga).await;
    let profile = stored_record(&api, &session).await.session.profile_id;
    let secret_name = "Anna";
    let them = &mia.token;

    let mut replies = vec![
        api.get(them, &format!("/api/v1/sessions/{session}")).await,
        api.get(them, &format!("/api/v1/profiles/{profile}")).await,
        api.get(them, &format!("/api/v1/sessions/{session}/verdict"))
            .await,
        api.get(them, &format!("/api/v1/history?profile_id={profile}"))
            .await,
        api.get(them, &format!("/api/v1/sessions?profile_id={profile}"))
            .await,
        api.patch(
            them,
            &format!("/api/v1/profiles/{profile}"),
            json!({"name": "Taken"}),
        )
        .await,
        api.post(
            them,
            &format!("/api/v1/sessions/{session}/measurements"),
            json!({"test": "leg_raise", "side": "left", "value": "20"}),
        )
        .await,
        api.put(
            them,
            &format!("/api/v1/sessions/{session}/symptoms"),
            json!({"back_pain": 9, "pelvic_pain": 9, "sitting_hours_per_day": 1,
                   "situps_per_week": 0}),
        )
        .await,
        api.post(
            them,
            &format!("/api/v1/sessions/{session}/exercises"),
            json!({"step": "stretch", "outcome": "skipped"}),
        )
        .await,
        api.post(
            them,
            &format!("/api/v1/sessions/{session}/finish"),
            json!(null),
        )
        .await,
        api.post(
            them,
            "/api/v1/sessions",
            json!({"profile_id": profile, "red_flags": []}),
        )
        .await,
    ];
    // The owner's token id is not the member's to revoke either.
    let olga_tokens = api.get(&olga.token, "/api/v1/tokens").await;
    let olga_token = olga_tokens.body["items"][0]["id"].as_str().unwrap();
    replies.push(
        api.delete(them, &format!("/api/v1/tokens/{olga_token}"))
            .await,
    );
    for reply in &replies {
        reply.problem("not-found", 404);
        let text = reply.body.to_string();
        assert!(!text.contains(secret_name), "{text}");
        assert!(!text.contains(&session), "{text}");
    }
    // Their own lists are empty.
    for path in ["/api/v1/profiles", "/api/v1/sessions", "/api/v1/history"] {
        let list = api.get(them, path).await;
        assert_eq!(list.body["total"], 0, "{path}");
    }
    // And nothing of the owner's changed.
    let stored = stored_record(&api, &session).await;
    assert!(stored.measurements.is_empty() && stored.exercises.is_empty());
    assert_eq!(stored.symptoms.unwrap().back_pain.value(), 3);
    assert_eq!(stored.session.status, psoas_core::SessionStatus::Unfinished);
    assert_eq!(stored_profiles(&api).await, [secret_name]);
    assert_eq!(stored_sessions(&api).await, 1);
    let store = &api.app.store;
    assert!(
        store
            .list_profiles(Scope::of(&mia.account))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .list_sessions(Scope::of(&olga.account), None)
            .await
            .unwrap()
            .len(),
        1
    );
    let owner_still = api.get(&olga.token, "/api/v1/tokens").await;
    assert_eq!(owner_still.body["total"], 1);
}

// ---------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------

async fn a_missing_malformed_unknown_or_revoked_token_is_a_401(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let missing = api.get(&Auth::Anonymous, "/api/v1/profiles").await;
    missing.problem("unauthorized", 401);
    assert_eq!(
        missing.headers["www-authenticate"],
        "Bearer realm=\"psoas\""
    );
    let unknown = api
        .get(&Auth::Bearer(new_secret()), "/api/v1/profiles")
        .await;
    unknown.problem("unauthorized", 401);
    assert!(
        unknown.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    let wrong_scheme = api
        .http
        .get(api.app.url("/api/v1/profiles"))
        .header("Authorization", format!("Basic {}", olga.secret))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_scheme.status(), 401);

    // Nothing is stored without a token.
    api.post(
        &Auth::Anonymous,
        "/api/v1/profiles",
        json!({"name": "Anna"}),
    )
    .await
    .problem("unauthorized", 401);
    assert!(stored_profiles(&api).await.is_empty());

    // A token works until revoked, then no longer; its listing holds no secret.
    let tokens = api.get(&olga.token, "/api/v1/tokens").await;
    assert_eq!(tokens.body["total"], 1);
    let token = &tokens.body["items"][0];
    assert!(token["last_used_at"].is_string(), "use is noted");
    assert!(!tokens.body.to_string().contains(&olga.secret));
    let id = token["id"].as_str().unwrap();
    let revoked = api
        .delete(&olga.token, &format!("/api/v1/tokens/{id}"))
        .await;
    assert_eq!(revoked.status, 204);
    api.get(&olga.token, "/api/v1/profiles")
        .await
        .problem("unauthorized", 401);
    for token in [&olga.token, &Auth::Bearer(new_secret())] {
        api.post(token, "/api/v1/profiles", json!({"name": "Anna"}))
            .await
            .problem("unauthorized", 401);
    }
    assert!(stored_profiles(&api).await.is_empty());
}

async fn the_sign_in_cookie_works_for_reading_and_needs_the_csrf_header_for_changes(
    backend: Backend,
) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let csrf = api.app.csrf(&olga.browser).await;
    let bare = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: None,
    };
    let wrong = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: Some("not-the-token".into()),
    };
    let right = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: Some(csrf),
    };
    assert_eq!(api.get(&bare, "/api/v1/profiles").await.status, 200);
    for auth in [&bare, &wrong] {
        let refused = api
            .post(auth, "/api/v1/profiles", json!({"name": "Anna"}))
            .await;
        assert!(refused.problem("csrf", 403).contains("X-CSRF-Token"));
    }
    assert!(stored_profiles(&api).await.is_empty());
    let made = api
        .post(&right, "/api/v1/profiles", json!({"name": "Anna"}))
        .await;
    assert_eq!(made.status, 201);
    assert_eq!(stored_profiles(&api).await, ["Anna"]);
    // A cookie from no sign-in is no one.
    let stranger = Auth::Cookie {
        client: common::client(),
        csrf: None,
    };
    api.get(&stranger, "/api/v1/profiles")
        .await
        .problem("unauthorized", 401);
}

// ---------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------

async fn lists_come_in_pages_with_a_link_to_the_next(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mut names: Vec<String> = (1..=5).map(|i| format!("Person {i}")).collect();
    for name in &names {
        add_profile(&api, &olga, json!({ "name": name })).await;
    }
    let mut seen = Vec::new();
    let mut next = Some(api.app.url("/api/v1/profiles?limit=2"));
    let mut pages = 0;
    while let Some(url) = next {
        let path = url
            .strip_prefix(&api.app.base)
            .expect("the next link is ours");
        let page = api.get(&olga.token, path).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body["total"], 5);
        assert_eq!(page.body["limit"], 2);
        assert_eq!(page.body["offset"], pages * 2);
        for item in page.body["items"].as_array().unwrap() {
            seen.push(item["name"].as_str().unwrap().to_string());
        }
        next = page.body["next"].as_str().map(str::to_string);
        pages += 1;
    }
    assert_eq!(pages, 3);
    names.sort();
    assert_eq!(seen, names);

    let default = api.get(&olga.token, "/api/v1/profiles").await;
    assert_eq!(default.body["limit"], 50);
    assert_eq!(default.body["items"].as_array().unwrap().len(), 5);
    assert!(default.body["next"].is_null());
    let beyond = api.get(&olga.token, "/api/v1/profiles?offset=10").await;
    assert!(beyond.body["items"].as_array().unwrap().is_empty());
    assert_eq!(beyond.body["total"], 5);
    let furthest = api
        .get(&olga.token, "/api/v1/profiles?offset=1000000000")
        .await;
    assert_eq!(furthest.body["offset"], 1_000_000_000u64);

    // Sessions keep their filter in the next link.
    let profile = add_profile(&api, &olga, json!({"name": "Zoe"})).await;
    for _ in 0..3 {
        start_session(&api, &olga, &profile).await;
    }
    let page = api
        .get(
            &olga.token,
            &format!("/api/v1/sessions?profile_id={profile}&limit=2"),
        )
        .await;
    assert_eq!(page.body["total"], 3);
    let next = page.body["next"].as_str().unwrap();
    assert!(next.contains(&format!("profile_id={profile}")), "{next}");
    assert!(next.contains("offset=2"), "{next}");

    for (query, field, words) in [
        ("limit=0", "/limit", "between 1 and 200"),
        ("limit=201", "/limit", "between 1 and 200"),
        ("limit=ten", "/limit", "invalid digit"),
        ("offset=-1", "/offset", "invalid digit"),
        ("offset=1000000001", "/offset", "between 0 and 1000000000"),
        (
            "offset=18446744073709551615",
            "/offset",
            "between 0 and 1000000000",
        ),
        ("colour=red", "/colour", "unknown field"),
    ] {
        let reply = api
            .get(&olga.token, &format!("/api/v1/profiles?{query}"))
            .await;
        let message = reply.invalid(field);
        assert!(message.contains(words), "{query}: {message}");
        assert_eq!(reply.body["errors"][0]["location"], "query");
    }
}

// ---------------------------------------------------------------------------------------
// The OpenAPI document
// ---------------------------------------------------------------------------------------

fn documented_routes(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect()
}

async fn the_document_lists_exactly_the_routes_the_server_answers(backend: Backend) {
    let api = Api::start(backend).await;
    assert_eq!(api.doc["openapi"], "3.1.0");
    let expected: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented_routes(&api.doc), expected);

    // Every documented operation is served (not a routing 404 or 405), and each path takes
    // no method beyond the documented ones.
    for (path, item) in api.doc["paths"].as_object().unwrap() {
        let concrete = path.replace("{id}", &Uuid::new_v4().to_string());
        for method in METHODS {
            let reply = api
                .send(&Auth::Anonymous, method, &concrete, Body::Empty)
                .await;
            match item.get(method) {
                Some(_) if path == "/api/openapi.json" => assert_eq!(reply.status, 200),
                Some(_) => {
                    reply.problem("unauthorized", 401);
                }
                None => {
                    reply.problem("method-not-allowed", 405);
                }
            }
        }
    }
}

async fn every_operation_documents_its_parameters_bodies_problems_and_security(backend: Backend) {
    let api = Api::start(backend).await;
    let doc = &api.doc;
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session_cookie"]["in"], "cookie");
    assert_eq!(
        doc["security"],
        json!([{"bearer": []}, {"session_cookie": []}])
    );
    let problem = &doc["components"]["schemas"]["Problem"];
    for field in ["type", "title", "status", "detail"] {
        assert!(problem["properties"].get(field).is_some(), "{field}");
    }
    for (method, path) in ROUTES {
        let op = &doc["paths"][path][method];
        let responses = op["responses"].as_object().unwrap();
        assert!(
            op["description"].is_string() || op["summary"].is_string(),
            "{method} {path} is described"
        );
        if *path == "/api/openapi.json" {
            assert_eq!(op["security"], json!([{}]), "the document is public");
            continue;
        }
        let expect = |status: &str, name: &str| {
            assert_eq!(
                responses.get(status).map(|r| &r["$ref"]),
                Some(&json!(format!("#/components/responses/{name}"))),
                "{method} {path} documents {status}"
            );
        };
        expect("401", "Unauthorized");
        expect("500", "Internal");
        if *method != "get" {
            // Forbidden covers both: a role that may not, and the cookie's CSRF header.
            let forbidden = responses.get("403").map(|r| &r["$ref"]);
            assert!(
                forbidden == Some(&json!("#/components/responses/Csrf"))
                    || forbidden == Some(&json!("#/components/responses/Forbidden")),
                "{method} {path} documents 403"
            );
        }
        if path.contains("{id}") {
            expect("404", "NotFound");
            let params = op["parameters"].as_array().unwrap();
            assert!(
                params
                    .iter()
                    .any(|p| p["name"] == "id" && p["in"] == "path"),
                "{method} {path} documents its id"
            );
        }
        if op.get("requestBody").is_some() {
            for (status, name) in [
                ("400", "MalformedJson"),
                ("413", "PayloadTooLarge"),
                ("415", "UnsupportedMediaType"),
                ("422", "Validation"),
            ] {
                expect(status, name);
            }
            // JSON, or a photo as the camera saved it.
            let content = &op["requestBody"]["content"];
            let photo = ["image/jpeg", "image/png"]
                .iter()
                .all(|kind| content[kind]["schema"].is_object());
            assert!(
                content["application/json"]["schema"].is_object() || photo,
                "{method} {path} documents its body"
            );
        }
        let success = responses
            .keys()
            .find(|s| s.starts_with('2'))
            .unwrap_or_else(|| panic!("{method} {path} documents a success"));
        if success != "204" {
            // JSON, or a kept photo as it was sent.
            let content = &responses[success]["content"];
            let photo = ["image/jpeg", "image/png"]
                .iter()
                .all(|kind| content[kind]["schema"].is_object());
            assert!(
                content["application/json"]["schema"].is_object() || photo,
                "{method} {path} documents its body"
            );
        }
    }
    for (path, name) in [
        ("/api/v1/profiles", "limit"),
        ("/api/v1/sessions", "profile_id"),
        ("/api/v1/history", "offset"),
        ("/api/v1/sessions/{id}/verdict", "stretch"),
    ] {
        let params = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        assert!(
            params
                .iter()
                .any(|p| p["name"] == name && p["in"] == "query"),
            "{path} documents ?{name}"
        );
    }
    // The offset's cap is declared.
    let offset = doc["paths"]["/api/v1/profiles"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "offset")
        .unwrap();
    assert_eq!(offset["schema"]["maximum"], 1_000_000_000u64, "{offset}");
    // Every reusable response and schema a `$ref` names exists.
    let text = doc.to_string();
    let dangling: BTreeSet<&str> = text
        .split("\"$ref\":\"")
        .skip(1)
        .map(|r| r.split('"').next().unwrap())
        .filter(|r| doc.pointer(r.trim_start_matches('#')).is_none())
        .collect();
    assert!(
        dangling.is_empty(),
        "references that resolve to nothing: {dangling:?}"
    );
}

async fn the_schemas_refuse_bodies_that_do_not_fit(backend: Backend) {
    // The validation used on every reply is not vacuous: a wrong body fails it.
    let api = Api::start(backend).await;
    let profile = &api.doc["paths"]["/api/v1/profiles/{id}"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    let good = json!({"id": Uuid::new_v4(), "name": "Anna", "birth_year": null,
                      "sex": null, "leg_length_cm": null, "keep_photos": false});
    assert!(api.validate(profile, &good).is_empty());
    let mut extra = good.clone();
    extra["colour"] = json!("red");
    assert!(!api.validate(profile, &extra).is_empty());
    let mut wrong = good.clone();
    wrong["sex"] = json!("robot");
    assert!(!api.validate(profile, &wrong).is_empty());
    let problem = json!({"$ref": "#/components/schemas/Problem"});
    assert!(
        !api.validate(&problem, &json!({"type": 1, "title": "x"}))
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------
// The phone as an inclinometer
// ---------------------------------------------------------------------------------------

/// A lift as a phone at 60 Hz records it: the zero pose on a slightly tilted table, then the
/// leg resting, rising, held at `peak`, lowered and resting again, with wobble and jittery
/// timestamps. Each field bends one part of it, to make each kind of bad recording.
#[derive(Clone, Copy)]
struct Lift {
    peak: f64,
    rest_ms: f64,
    hold_ms: f64,
    roll: f64,
    rest_after: f64,
}

impl Lift {
    fn peak(peak: f64) -> Self {
        Self {
            peak,
            rest_ms: 800.0,
            hold_ms: 1500.0,
            roll: 2.0,
            rest_after: 0.5,
        }
    }

    fn series(self) -> Value {
        let (table_beta, table_gamma, rest) = (1.5, -0.7, 0.5);
        let reading = |k: usize, t: f64, leg: f64, roll: f64| {
            json!({
                "t_ms": t,
                "beta": table_beta + leg + 0.2 * (k as f64 * 1.7).sin(),
                "gamma": table_gamma + roll + 0.2 * (k as f64 * 2.3).cos(),
            })
        };
        let step = 1000.0 / 60.0;
        let zero: Vec<Value> = (0..30)
            .map(|k| reading(k, k as f64 * step, 0.0, 0.0))
            .collect();
        let smooth = |x: f64| (1.0 - (x.clamp(0.0, 1.0) * std::f64::consts::PI).cos()) / 2.0;
        let (rise_ms, fall_ms, after_ms) = (700.0, 600.0, 900.0);
        let hold_end = self.rest_ms + rise_ms + self.hold_ms;
        let total = hold_end + fall_ms + after_ms;
        let samples: Vec<Value> = (0..(total / step) as usize)
            .map(|k| {
                let t = (k as f64 * step + ((k * 7) % 5) as f64 - 2.0).max(0.0);
                let leg = if t < hold_end {
                    rest + (self.peak - rest) * smooth((t - self.rest_ms) / rise_ms)
                } else {
                    self.peak + (self.rest_after - self.peak) * smooth((t - hold_end) / fall_ms)
                };
                let share = ((leg - rest) / (self.peak - rest)).clamp(0.0, 1.0);
                reading(k, t, leg, self.roll * share)
            })
            .collect();
        json!({"zero": zero, "samples": samples})
    }
}

/// What the core makes of a series: the angle, or the refusal's code and message.
fn analysed(series: &Value) -> Result<f64, (String, String)> {
    let lift: psoas_core::inclinometer::RecordedLift =
        serde_json::from_value(series.clone()).expect("a series the core reads");
    psoas_core::inclinometer::analyse_lift(&lift)
        .map(|peak| peak.degrees.value())
        .map_err(|problem| (problem.code().to_string(), problem.to_string()))
}

fn samples_of(series: &mut Value) -> &mut Vec<Value> {
    series["samples"].as_array_mut().unwrap()
}

async fn post_lift(api: &Api, auth: &Auth, session: &str, side: &str, series: &Value) -> Reply {
    api.post(
        auth,
        &format!("/api/v1/sessions/{session}/lifts"),
        json!({"side": side, "series": series}),
    )
    .await
}

async fn a_recorded_lift_is_analysed_by_the_core_and_stored_with_its_series(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let series = Lift::peak(18.0).series();
    let expected = analysed(&series).expect("a clean lift is accepted");
    assert!((expected - 18.0).abs() < 0.5, "{expected}");

    let reply = post_lift(&api, &olga.token, &session, "left", &series).await;
    assert_eq!(reply.status, 201, "{reply:#?}");
    let m = &reply.body["measurement"];
    assert_eq!(m["test"], "leg_raise");
    assert_eq!(m["side"], "left");
    assert_eq!(m["phase"], "baseline");
    assert_eq!(m["trial"], 1);
    assert_eq!(m["method"], "phone_inclinometer");
    assert_eq!(m["reading"], json!({"kind": "angle", "degrees": expected}));
    let analysis = &reply.body["analysis"];
    assert_eq!(analysis["degrees"], expected);
    assert!(
        analysis["held_ms"].as_f64().unwrap() >= 1000.0,
        "{analysis}"
    );
    assert!((analysis["max_roll_deg"].as_f64().unwrap() - 2.0).abs() < 0.6);
    assert!(analysis["rest_deg"].as_f64().unwrap().abs() < 1.5);
    assert_eq!(
        reply.body["next_step"],
        json!({"step": "trial", "test": "leg_raise", "phase": "baseline",
               "side": "right", "trial": 1})
    );

    // The next lift takes the next side, as the next step said, then the next trial number.
    let right = post_lift(
        &api,
        &olga.token,
        &session,
        "right",
        &Lift::peak(25.0).series(),
    )
    .await;
    assert_eq!(right.status, 201, "{right:#?}");
    assert_eq!(right.body["measurement"]["trial"], 1);
    let again = post_lift(
        &api,
        &olga.token,
        &session,
        "left",
        &Lift::peak(19.0).series(),
    )
    .await;
    assert_eq!(again.body["measurement"]["trial"], 2);

    // The series comes back as it was sent, and the store has it with its trial.
    let id = m["id"].as_str().unwrap();
    let back = api
        .get(
            &olga.token,
            &format!("/api/v1/sessions/{session}/measurements/{id}/series"),
        )
        .await;
    assert_eq!(back.status, 200, "{back:#?}");
    assert_eq!(back.body, series);
    let stored = api
        .app
        .store
        .measurement_series(
            Scope::Terminal,
            SessionId(session.parse().unwrap()),
            psoas_core::MeasurementId(id.parse().unwrap()),
        )
        .await
        .unwrap()
        .expect("the series is stored");
    assert_eq!(serde_json::to_value(&stored).unwrap(), series);
    let record = stored_record(&api, &session).await;
    assert_eq!(record.measurements.len(), 3);
    assert!(
        record
            .measurements
            .iter()
            .all(|m| m.method == psoas_core::Method::PhoneInclinometer)
    );

    // A trial typed in has no series; an id that is no trial of this session is not found.
    let typed = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{session}/measurements"),
            json!({"test": "leg_raise", "side": "right", "value": 24}),
        )
        .await;
    let typed_id = typed.body["measurement"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let none = api
        .get(
            &olga.token,
            &format!("/api/v1/sessions/{session}/measurements/{typed_id}/series"),
        )
        .await;
    assert!(
        none.problem("not-found", 404)
            .contains("no recorded series")
    );
    for path in [
        format!(
            "/api/v1/sessions/{session}/measurements/{}/series",
            Uuid::new_v4()
        ),
        format!("/api/v1/sessions/{session}/measurements/not-an-id/series"),
        format!(
            "/api/v1/sessions/{}/measurements/{id}/series",
            Uuid::new_v4()
        ),
    ] {
        api.get(&olga.token, &path).await.problem("not-found", 404);
    }
}

async fn each_kind_of_untrustworthy_lift_is_refused_with_its_reason_and_nothing_stored(
    backend: Backend,
) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;

    let mut cases: Vec<(&str, Value)> = Vec::new();
    let mut no_zero = Lift::peak(20.0).series();
    no_zero["zero"].as_array_mut().unwrap().truncate(5);
    cases.push(("no_zero", no_zero));
    let mut zero_moved = Lift::peak(20.0).series();
    for (k, reading) in zero_moved["zero"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        reading["beta"] = json!(1.5 + 0.2 * k as f64);
    }
    cases.push(("zero_not_steady", zero_moved));
    let mut bad = Lift::peak(20.0).series();
    samples_of(&mut bad)[3]["gamma"] = json!(120.0);
    cases.push(("bad_sample", bad));
    let mut short = Lift::peak(20.0).series();
    samples_of(&mut short).truncate(15);
    cases.push(("too_short", short));
    let mut gap = Lift::peak(20.0).series();
    samples_of(&mut gap).retain(|r| {
        let t = r["t_ms"].as_f64().unwrap();
        !(1000.0..1400.0).contains(&t)
    });
    cases.push(("gap", gap));
    let mut over = Lift::peak(20.0).series();
    for r in samples_of(&mut over)[60..70].iter_mut() {
        r["beta"] = json!(120.0);
    }
    cases.push(("past_vertical", over));
    let mut dropped = Lift::peak(20.0).series();
    for r in samples_of(&mut dropped)[60..70].iter_mut() {
        r["beta"] = json!(75.0);
    }
    cases.push(("dropped", dropped));
    cases.push((
        "too_much_roll",
        Lift {
            roll: 20.0,
            ..Lift::peak(20.0)
        }
        .series(),
    ));
    cases.push((
        "not_resting_at_start",
        Lift {
            rest_ms: 0.0,
            ..Lift::peak(20.0)
        }
        .series(),
    ));
    cases.push(("no_lift", Lift::peak(2.0).series()));
    cases.push((
        "never_held",
        Lift {
            hold_ms: 0.0,
            ..Lift::peak(20.0)
        }
        .series(),
    ));
    cases.push(("implausible", Lift::peak(75.0).series()));
    cases.push((
        "drift",
        Lift {
            rest_after: 6.0,
            ..Lift::peak(20.0)
        }
        .series(),
    ));
    // Ten minutes and a bit of a leg at rest: far past the 64 KiB other bodies may have.
    let endless: Vec<Value> = (0..36_001)
        .map(|k| json!({"t_ms": k as f64 * 16.7, "beta": 2.0, "gamma": -0.7}))
        .collect();
    let mut long = Lift::peak(20.0).series();
    long["samples"] = json!(endless);
    cases.push(("too_long", long));

    for (code, series) in &cases {
        let (core_code, message) = analysed(series).expect_err(code);
        assert_eq!(
            &core_code, code,
            "the synthetic series makes the intended problem"
        );
        let reply = post_lift(&api, &olga.token, &session, "left", series).await;
        let detail = reply.problem("lift-refused", 422);
        assert_eq!(detail, message, "{code}: the detail is the core's message");
        assert_eq!(reply.body["reason"], *code);
    }
    assert!(stored_record(&api, &session).await.measurements.is_empty());

    // Readings with unknown fields, or a side that is none, are refused as invalid.
    let mut odd = Lift::peak(20.0).series();
    samples_of(&mut odd)[2]["roll"] = json!(3.0);
    let reply = post_lift(&api, &olga.token, &session, "left", &odd).await;
    reply.invalid("/series/samples/2/roll");
    let reply = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{session}/lifts"),
            json!({"side": "middle", "series": Lift::peak(20.0).series()}),
        )
        .await;
    reply.invalid("/side");
    assert!(stored_record(&api, &session).await.measurements.is_empty());
}

async fn lifts_and_series_of_another_account_are_not_found_and_the_cookie_needs_csrf(
    backend: Backend,
) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mia = api.member(&olga).await;
    let session = ready_session(&api, &olga).await;
    let series = Lift::peak(15.0).series();

    let theirs = post_lift(&api, &mia.token, &session, "left", &series).await;
    theirs.problem("not-found", 404);
    assert!(stored_record(&api, &session).await.measurements.is_empty());

    // From the web page: the sign-in cookie with the CSRF header, as lift.js sends it.
    let bare = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: None,
    };
    post_lift(&api, &bare, &session, "left", &series)
        .await
        .problem("csrf", 403);
    let page = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: Some(api.app.csrf(&olga.browser).await),
    };
    let mine = post_lift(&api, &page, &session, "left", &series).await;
    assert_eq!(mine.status, 201, "{mine:#?}");
    let id = mine.body["measurement"]["id"].as_str().unwrap();
    let path = format!("/api/v1/sessions/{session}/measurements/{id}/series");
    let detail = api.get(&mia.token, &path).await.problem("not-found", 404);
    assert!(!detail.contains("Anna"));
    assert_eq!(api.get(&bare, &path).await.body, series);

    // A finished session takes no more lifts.
    let done = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{session}/finish"),
            Value::Null,
        )
        .await;
    assert_eq!(done.status, 200, "{done:#?}");
    post_lift(&api, &olga.token, &session, "left", &series)
        .await
        .problem("conflict", 409);
}

// ---------------------------------------------------------------------------------------
// Exports and imports
// ---------------------------------------------------------------------------------------

/// A session with two trials a side of each test, as the protocol takes them.
async fn measured_session(api: &Api, user: &User) -> String {
    let session = ready_session(api, user).await;
    let reply = api
        .get(&user.token, &format!("/api/v1/sessions/{session}"))
        .await;
    let mut step = reply.body["next_step"].clone();
    for value in [json!("12"), json!("20"), json!("13"), json!("21")] {
        step = take_trial(api, user, &session, &step, value).await;
    }
    session
}

async fn exports_stream_only_the_callers_data_in_every_format(backend: Backend) {
    let api = Api::start(backend).await;
    let owner = api.owner().await;
    let member = api.member(&owner).await;
    let session = measured_session(&api, &owner).await;

    let reply = api.get(&owner.token, "/api/v1/export?format=json").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type(), "application/json");
    let disposition = reply.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"psoas-"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".psoas.json\""), "{disposition}");
    assert_eq!(reply.body["format"], "psoas-archive");
    assert_eq!(reply.body["sessions"][0]["session"]["id"], session.as_str());
    assert_eq!(
        reply.body["sessions"][0]["measurements"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let csv = api.get(&owner.token, "/api/v1/export?format=csv").await;
    assert_eq!(csv.content_type(), "text/csv; charset=utf-8");
    let text = csv.body.as_str().unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.lines().nth(1).unwrap().contains(&session));

    let fhir = api.get(&owner.token, "/api/v1/export?format=fhir").await;
    assert_eq!(fhir.content_type(), "application/fhir+json");
    assert_eq!(fhir.body["resourceType"], "Bundle");
    // Patient, Encounter, four trials, two pain scores.
    assert_eq!(fhir.body["entry"].as_array().unwrap().len(), 8);

    // The member sees none of it, and cannot name the owner's profile.
    let theirs = api.get(&member.token, "/api/v1/export?format=json").await;
    assert_eq!(theirs.body["profiles"], json!([]));
    assert_eq!(theirs.body["sessions"], json!([]));
    let profile = reply.body["profiles"][0]["id"].as_str().unwrap();
    api.get(
        &member.token,
        &format!("/api/v1/export?format=csv&profile_id={profile}"),
    )
    .await
    .problem("not-found", 404);
    api.get(&member.token, "/api/v1/export?format=xml")
        .await
        .invalid("/format");
    api.get(&Auth::Anonymous, "/api/v1/export?format=csv")
        .await
        .problem("unauthorized", 401);
}

async fn an_archive_imports_once_and_a_damaged_one_names_each_problem(backend: Backend) {
    let source = Api::start(backend).await;
    let owner = source.owner().await;
    measured_session(&source, &owner).await;
    let archive = source
        .get(&owner.token, "/api/v1/export?format=json")
        .await
        .body;

    let target = Api::start(backend).await;
    let someone = target.owner().await;
    let first = target
        .post(&someone.token, "/api/v1/import", archive.clone())
        .await;
    assert_eq!(first.status, 200, "{first:#?}");
    assert_eq!(first.body["profiles_added"], 1);
    assert_eq!(first.body["measurements_added"], 4);
    let again = target
        .post(&someone.token, "/api/v1/import", archive.clone())
        .await;
    assert_eq!(again.body["sessions_kept"], 1);
    assert_eq!(again.body["measurements_added"], 0);
    let back = target
        .get(&someone.token, "/api/v1/export?format=json")
        .await
        .body;
    assert_eq!(back["sessions"], archive["sessions"]);
    assert_eq!(back["profiles"], archive["profiles"]);

    // Every problem, each with its pointer; nothing stored.
    let fresh = Api::start(backend).await;
    let other = fresh.owner().await;
    let mut bad = archive.clone();
    bad["sessions"][0]["measurements"][0]["side"] = json!("middle");
    bad["sessions"][0]["symptoms"]["back_pain"] = json!(-1);
    let reply = fresh.post(&other.token, "/api/v1/import", bad).await;
    assert!(
        reply
            .invalid("/sessions/0/measurements/0/side")
            .contains("middle")
    );
    reply.invalid("/sessions/0/symptoms/back_pain");
    assert!(stored_profiles(&fresh).await.is_empty());

    let cut = serde_json::to_vec(&archive).unwrap();
    let reply = fresh
        .send(
            &other.token,
            "post",
            "/api/v1/import",
            Body::Raw("application/json", cut[..cut.len() / 2].to_vec()),
        )
        .await;
    assert!(
        reply
            .problem("malformed-json", 400)
            .contains("line 1, column")
    );
    fresh
        .send(
            &other.token,
            "post",
            "/api/v1/import",
            Body::Raw("text/plain", cut.clone()),
        )
        .await
        .problem("unsupported-media-type", 415);
    // The same ids under another account of the first server: imported as the member's
    // own copy, with a reply like any first import's, so nothing tells the member that
    // someone else holds the originals; again, nothing is added.
    let member = source.member(&owner).await;
    let theirs = source
        .post(&member.token, "/api/v1/import", archive.clone())
        .await;
    assert_eq!(theirs.status, 200, "{theirs:#?}");
    assert_eq!(theirs.body["profiles_added"], 1, "{:#}", theirs.body);
    assert_eq!(theirs.body["profiles_kept"], 0);
    let text = theirs.body.to_string();
    assert!(!text.contains("another account"), "{text}");
    let again = source
        .post(&member.token, "/api/v1/import", archive.clone())
        .await;
    assert_eq!(again.body["profiles_added"], 0, "{:#}", again.body);
    assert_eq!(again.body["sessions_added"], 0);
    let own = source.get(&member.token, "/api/v1/profiles").await;
    assert_eq!(own.body["total"], 1);
    let original = archive["profiles"][0]["id"].as_str().unwrap();
    assert_ne!(own.body["items"][0]["id"], original);
    let owners = source
        .get(&owner.token, &format!("/api/v1/profiles/{original}"))
        .await;
    assert_eq!(owners.status, 200, "the owner's profile is untouched");
}

both_backends!(
    a_whole_protocol_runs_through_the_api_from_profile_to_history,
    a_red_flag_stops_the_session_at_once_and_it_takes_no_trials,
    profiles_are_read_and_changed_and_null_clears_a_detail,
    malformed_json_is_a_400_and_stores_nothing,
    a_body_not_sent_as_json_is_a_415,
    wrong_types_missing_and_unknown_fields_name_the_field,
    values_out_of_range_are_refused_with_the_cores_message_and_nothing_stored,
    an_oversized_body_is_a_413_and_stores_nothing,
    the_same_trial_twice_and_entries_into_a_finished_session_are_conflicts,
    unknown_ids_and_addresses_are_404_problems,
    another_accounts_ids_are_not_found_and_reveal_nothing,
    a_missing_malformed_unknown_or_revoked_token_is_a_401,
    the_sign_in_cookie_works_for_reading_and_needs_the_csrf_header_for_changes,
    lists_come_in_pages_with_a_link_to_the_next,
    the_document_lists_exactly_the_routes_the_server_answers,
    every_operation_documents_its_parameters_bodies_problems_and_security,
    the_schemas_refuse_bodies_that_do_not_fit,
    a_recorded_lift_is_analysed_by_the_core_and_stored_with_its_series,
    each_kind_of_untrustworthy_lift_is_refused_with_its_reason_and_nothing_stored,
    lifts_and_series_of_another_account_are_not_found_and_the_cookie_needs_csrf,
    exports_stream_only_the_callers_data_in_every_format,
    an_archive_imports_once_and_a_damaged_one_names_each_problem,
);
