//! The event-driven half of the platform: jobs handed to a queue (`JOBS`) and done by the
//! app's consumer, and a cron trigger that records when it fired. Both keep their records
//! in the `STATE` KV namespace.

use edgeapi::openapi::JsonSchema;
use edgeapi::prelude::*;
use edgeapi::{MessageBatch, ScheduledEvent};
use serde::{Deserialize, Serialize};

/// A job to queue.
#[derive(Deserialize, JsonSchema)]
pub struct NewJob {
    /// What to do; `fail-once` fails its first delivery, `panic-once` panics in it,
    /// `retry-batch-once` sends its whole batch back once.
    task: String,
}

/// A queued job's id.
#[derive(Serialize, JsonSchema)]
pub struct JobId {
    id: String,
}

/// A job's record.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Job {
    id: String,
    /// `queued`, then `done`.
    status: String,
    /// The deliveries it took, once done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
}

/// What goes onto the queue.
#[derive(Serialize, Deserialize)]
pub struct JobMessage {
    id: String,
    task: String,
}

/// When the cron trigger last fired.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct CronRun {
    cron: String,
    /// When it was due, in milliseconds since 1970.
    scheduled_time: u64,
}

fn job_key(id: &str) -> String {
    format!("job:{id}")
}

/// 64 random bits, in hex.
fn new_id() -> String {
    let half = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{:08x}{:08x}", half(), half())
}

/// Records the job as queued and puts it on the `JOBS` queue.
#[edgeapi::openapi(status = 202, tag = "jobs")]
async fn create_job(
    env: Env,
    Json(job): Json<NewJob>,
) -> Result<(StatusCode, Json<JobId>), edgeapi::Error> {
    let id = new_id();
    let record = Job {
        id: id.clone(),
        status: "queued".into(),
        attempts: None,
    };
    env.kv("STATE")?.put_json(&job_key(&id), &record).await?;
    let message = JobMessage {
        id: id.clone(),
        task: job.task,
    };
    env.queue("JOBS")?.send(&message).await?;
    Ok((StatusCode::ACCEPTED, Json(JobId { id })))
}

/// Puts any JSON value on the `JOBS` queue as it is: a message the consumer cannot read
/// goes to the dead-letter log rather than being delivered forever. For the tests; not in
/// the document.
#[edgeapi::openapi(status = 202, tag = "jobs", include_in_schema = false)]
async fn send_raw(
    env: Env,
    Json(value): Json<serde_json::Value>,
) -> Result<StatusCode, edgeapi::Error> {
    env.queue("JOBS")?.send(&value).await?;
    Ok(StatusCode::ACCEPTED)
}

/// A job's status.
#[edgeapi::openapi(tag = "jobs", response(404, "Job not found"))]
async fn read_job(env: Env, Path(id): Path<String>) -> Result<Json<Job>, HttpError> {
    match env.kv("STATE")?.get_json(&job_key(&id)).await? {
        Some(job) => Ok(Json(job)),
        None => Err(HttpError::new(StatusCode::NOT_FOUND, "Job not found")),
    }
}

/// The `JOBS` consumer: `fail-once` is retried after its first delivery, `panic-once`
/// panics in it (the batch is delivered again), `retry-batch-once` sends its whole batch
/// back once; every other job is done at once.
async fn work(batch: MessageBatch<JobMessage>, env: Env, _ctx: Ctx) -> Result<(), HttpError> {
    let kv = env.kv("STATE")?;
    let retry_batch = |message: &edgeapi::Message<JobMessage>| {
        message.body().task == "retry-batch-once" && message.attempts() == 1
    };
    if batch.messages().iter().any(retry_batch) {
        batch.retry_all();
        return Ok(());
    }
    for message in &batch {
        let job = message.body();
        let first = message.attempts() == 1;
        if first && job.task == "fail-once" {
            message.retry();
            continue;
        }
        if first && job.task == "panic-once" {
            panic!("job {} panics on its first delivery", job.id);
        }
        let done = Job {
            id: job.id.clone(),
            status: "done".into(),
            attempts: Some(message.attempts()),
        };
        kv.put_json(&job_key(&job.id), &done).await?;
        message.ack();
    }
    Ok(())
}

/// The cron trigger: records what fired, and when it was due.
async fn tick(event: ScheduledEvent, env: Env, _ctx: Ctx) -> Result<(), HttpError> {
    let run = CronRun {
        cron: event.cron().to_owned(),
        scheduled_time: event.scheduled_time_ms(),
    };
    env.kv("STATE")?.put_json("cron:last", &run).await
}

/// What the cron trigger saw last time it fired.
#[edgeapi::openapi(tag = "cron", response(404, "The cron trigger has not fired yet"))]
async fn last_cron(env: Env) -> Result<Json<CronRun>, HttpError> {
    match env.kv("STATE")?.get_json("cron:last").await? {
        Some(run) => Ok(Json(run)),
        None => Err(HttpError::new(
            StatusCode::NOT_FOUND,
            "The cron trigger has not fired yet",
        )),
    }
}

/// The jobs and cron routes, the queue consumer and the cron handler, added to `app`.
pub fn routes(app: App) -> App {
    app.tag_description(
        "jobs",
        "Jobs put on a queue (`JOBS`) and done by the app's own consumer.",
    )
    .tag_description("cron", "What the `*/5 * * * *` cron trigger saw.")
    .post("/jobs", create_job)
    .post("/jobs/raw", send_raw)
    .get("/jobs/{id}", read_job)
    .get("/cron/last", last_cron)
    .queue(work)
    .scheduled(tick)
}
