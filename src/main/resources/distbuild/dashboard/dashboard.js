// The dashboard: polls the coordinator's status documents and draws them. Everything shown comes
// from the cluster (job names, output, submitters), so it is only ever set as text, never as HTML.
"use strict";

const API = document.querySelector('meta[name="distbuild-api"]').content;
const POLL_MILLIS = 1000;
const TOKEN_KEY = "distbuild-client-token";
const TIMELINE_ROWS = 400;

let timer = null;
let lastSuccess = 0;
/** Counts the loops started: a loop overtaken while it waited for an answer schedules nothing. */
let generation = 0;

// ---- fetching -------------------------------------------------------------------------------

class NeedsToken extends Error {}

class NotFound extends Error {}

class Unreachable extends Error {}

async function fetchJson(path) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers.Authorization = "Bearer " + token;
  }
  let response;
  try {
    response = await fetch(API + path, { headers, cache: "no-store" });
  } catch (error) {
    throw new Unreachable(error.message); // nothing answered
  }
  if (response.status === 401 || response.status === 403) {
    throw new NeedsToken(await response.text());
  }
  if (response.status === 404) {
    throw new NotFound(await response.text());
  }
  if (!response.ok) {
    throw new Error(response.status + ": " + (await response.text()));
  }
  return response.json();
}

// ---- small DOM helpers ------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name === "style") Object.assign(node.style, value); // through CSSOM: the page's CSP forbids style attributes
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function td(text, className) {
  return el("td", { class: className, text: text === null || text === undefined ? "" : String(text) });
}

function stateBadge(state) {
  return el("span", { class: "state " + state, text: state });
}

function show(id) {
  for (const view of ["login", "overview", "build", "missing"]) {
    document.getElementById(view).hidden = view !== id;
  }
}

function fillTable(table, rows, emptyNote) {
  const body = document.querySelector("#" + table + " tbody");
  body.replaceChildren(...rows);
  document.getElementById(table).hidden = rows.length === 0;
  if (emptyNote) document.getElementById(emptyNote).hidden = rows.length !== 0;
}

// ---- formatting -------------------------------------------------------------------------------

function bytes(count) {
  if (count === null || count === undefined || count < 0) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)) + " " + units[unit];
}

function duration(millis) {
  if (millis === null || millis === undefined || millis < 0) return "–";
  if (millis < 1000) return millis + " ms";
  const seconds = millis / 1000;
  if (seconds < 60) return seconds.toFixed(seconds < 10 ? 1 : 0) + " s";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes + " min " + Math.floor(seconds % 60) + " s";
  return Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
}

function ago(millis) {
  return millis <= 0 ? "now" : duration(millis) + " ago";
}

/** A worker as the CLI's progress names it: host and port, the scheme left out. */
function workerName(url) {
  return url ? url.replace(/^https?:\/\//, "") : "–";
}

function shortId(hex) {
  return hex.substring(0, 12);
}

function progressBar(build) {
  const done = build.jobs === 0 ? 1 : build.finished / build.jobs;
  const kind = build.state === "failed" ? "failed" : build.state === "succeeded" ? "done" : "";
  return el("div", { class: "progress" },
    el("div", { class: "bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": String(build.jobs),
      "aria-valuenow": String(build.finished) },
      el("span", { class: kind, style: { width: (100 * done).toFixed(1) + "%" } })),
    el("span", { class: "bar-label", text: build.finished + " / " + build.jobs + " done"
      + (build.running > 0 ? ", " + build.running + " queued or running" : "")
      + (build.waitingOnDeps > 0 ? ", " + build.waitingOnDeps + " waiting for deps" : "") }));
}

// ---- the cluster ------------------------------------------------------------------------------

function card(value, label) {
  return el("div", { class: "card" }, el("div", { class: "value", text: String(value) }),
    el("div", { class: "label", text: label }));
}

function drawOverview(status) {
  const totals = status.totals;
  const hitRate = totals.jobsRan + totals.cacheHits === 0 ? "–"
    : Math.round(100 * totals.cacheHits / (totals.jobsRan + totals.cacheHits)) + " %";
  document.getElementById("totals").replaceChildren(
    card(totals.builds, "builds (" + totals.buildsSucceeded + " ok, " + totals.buildsFailed + " failed)"),
    card(totals.jobsRan, "jobs run"),
    card(totals.cacheHits, "cache hits"),
    card(hitRate, "hit rate"),
    card(totals.jobsShared, "jobs shared between builds"),
    card(bytes(totals.bytesMoved), "moved"));

  const live = status.workers.filter(worker => worker.state !== "lost").length;
  document.getElementById("workers-count").textContent = live + " live of " + (status.workers.length + status.lostWorkersNotListed)
    + (status.lostWorkersNotListed > 0 ? " (" + status.lostWorkersNotListed + " lost long ago not shown)" : "");
  fillTable("workers", status.workers.map(worker => {
    const slots = worker.runningJobs + worker.freeSlots;
    return el("tr", { "data-worker": worker.id },
      el("td", { class: "id", title: worker.id, text: workerName(worker.id) }),
      el("td", {}, stateBadge(worker.state)),
      el("td", {}, el("div", { class: "bar", title: worker.runningJobs + " busy, " + worker.freeSlots + " free" },
        el("span", { style: { width: (slots === 0 ? 0 : 100 * worker.runningJobs / slots).toFixed(1) + "%" } })),
        el("span", { class: "bar-label", text: worker.runningJobs + " busy, " + worker.freeSlots + " free" }),
        (worker.running || []).length === 0 ? null : el("div", { class: "running-jobs",
          text: worker.running.join(", ") + (worker.runningJobs > worker.running.length ? ", …" : "") })),
      td(worker.cachedArtifacts, "num"),
      td(bytes(worker.cacheBytes), "num"),
      td(bytes(worker.receivedBytes), "num"),
      td(ago(worker.lastSeenMillisAgo), "num"));
  }), "no-workers");

  const running = status.builds.filter(build => build.state === "running").length;
  document.getElementById("builds-count").textContent = running + " running, " + (status.builds.length - running) + " recent";
  fillTable("builds", status.builds.map(build => el("tr", { "data-build": build.id },
    el("td", { class: "id" }, el("a", { href: "#/build/" + build.id, text: shortId(build.id) })),
    el("td", {}, stateBadge(build.state)),
    el("td", {}, progressBar(build)),
    td(duration(build.elapsedMillis), "num"),
    td(build.submitter || "–"))), "no-builds");

  document.getElementById("queue-count").textContent = status.waitingTotal > status.waiting.length
    ? status.waiting.length + " of " + status.waitingTotal + " shown" : String(status.waitingTotal);
  fillTable("queue", status.waiting.map(job => el("tr", { "data-job": job.job },
    td(job.name || shortId(job.job)),
    job.build ? el("td", { class: "id" }, el("a", { href: "#/build/" + job.build, text: shortId(job.build) }))
      : td("(shared)"),
    td(duration(job.waitingMillis), "num"),
    td(job.reason, "reason"))), "no-queue");

  fillTable("caches", (status.sharedCaches || []).map(use => el("tr", { "data-tool": use.tool },
    td(use.tool),
    td(String(use.hits), "num"),
    td(String(use.misses), "num"),
    td(use.hits + use.misses === 0 ? "–" : Math.round(100 * use.hits / (use.hits + use.misses)) + " %", "num"),
    td(String(use.stored), "num"),
    td(String(use.refused), "num"),
    td(bytes(use.bytesIn), "num"),
    td(bytes(use.bytesOut), "num"))), "no-caches");
}

// ---- one build ----------------------------------------------------------------------------------

function fact(list, term, value) {
  list.append(el("dt", { text: term }), el("dd", { text: value }));
}

function drawBuild(details) {
  const build = details.build;
  document.getElementById("build-id").textContent = build.id;
  const state = document.getElementById("build-state");
  state.className = "state " + build.state;
  state.textContent = build.state;
  const facts = document.getElementById("build-facts");
  facts.replaceChildren();
  fact(facts, "submitted by", build.submitter || "–");
  fact(facts, "started", new Date(build.startedAtEpochMillis).toLocaleString());
  fact(facts, build.state === "running" ? "running for" : "took", duration(build.elapsedMillis));
  document.getElementById("build-progress").replaceChildren(progressBar(build));
  const failure = document.getElementById("build-failure");
  failure.hidden = !build.failure;
  failure.textContent = build.failure || "";

  document.getElementById("failed-jobs").replaceChildren(...details.jobs
    .filter(job => job.state === "failed")
    .map(job => el("div", { class: "failed-job", "data-job": job.id },
      el("h3", { text: "Failed: " + job.name }),
      el("p", { text: (job.exitCode !== null ? "exit code " + job.exitCode : "")
        + (job.error ? (job.exitCode !== null ? ": " : "") + job.error : "")
        + (job.worker ? " (on " + job.worker + ")" : "") }),
      job.stderr ? el("pre", { class: "output stderr", text: job.stderr }) : null,
      job.stdout ? el("pre", { class: "output stdout", text: job.stdout }) : null,
      !job.stderr && !job.stdout ? el("p", { class: "empty", text: "It printed nothing." }) : null)));

  drawTimeline(details);

  document.getElementById("jobs-count").textContent = details.jobs.length < build.jobs
    ? details.jobs.length + " of " + build.jobs + " shown: the failed and running ones, then the first" : String(build.jobs);
  fillTable("jobs", details.jobs.map(job => el("tr", { "data-job": job.id },
    td(job.name),
    el("td", {}, stateBadge(job.state)),
    el("td", { class: "id", title: job.worker, text: workerName(job.worker) }),
    td(job.tries, "num"),
    td(job.readyAtMillis >= 0 && job.startedAtMillis >= 0 ? duration(job.startedAtMillis - job.readyAtMillis) : "–", "num"),
    td(duration(job.fetchMillis || -1), "num"),
    td(duration(job.runMillis || -1), "num"),
    td(duration(job.storeMillis || -1), "num"),
    td(job.exitCode === null ? "–" : job.exitCode, "num"))));
}

function segment(kind, from, to, span, title) {
  const left = 100 * from / span;
  const width = Math.max(0, 100 * (to - from) / span);
  return el("span", { class: "seg " + kind, title, style: { left: left.toFixed(2) + "%", width: width.toFixed(2) + "%" } });
}

function drawTimeline(details) {
  const span = Math.max(1, details.build.elapsedMillis);
  const jobs = details.jobs.filter(job => job.readyAtMillis >= 0)
    .sort((a, b) => a.readyAtMillis - b.readyAtMillis);
  const rows = jobs.slice(0, TIMELINE_ROWS).map(job => {
    const track = el("div", { class: "tl-track" });
    const started = job.startedAtMillis >= 0 ? job.startedAtMillis : null;
    const finished = job.finishedAtMillis >= 0 ? job.finishedAtMillis : null;
    const queuedUntil = started !== null ? started : finished !== null ? finished : span;
    track.append(segment("queued", job.readyAtMillis, queuedUntil, span, "queued " + duration(queuedUntil - job.readyAtMillis)));
    if (job.state === "cached" || job.state === "cut off" || (job.state === "shared" && started === null)) {
      track.append(segment("cached", finished, finished, span, job.state));
    } else if (started !== null && finished === null) {
      track.append(segment("started", started, span, span, "on " + (job.worker || "a worker")));
    } else if (started !== null) {
      // The worker's phases, laid end to end from the start; what is left is the heartbeat's trip.
      let at = started;
      for (const [kind, millis] of [["fetch", job.fetchMillis], ["run", job.runMillis], ["store", job.storeMillis]]) {
        if (millis > 0) {
          track.append(segment(kind, at, Math.min(finished, at + millis), span, kind + " " + duration(millis)));
          at += millis;
        }
      }
      if (job.state === "failed") track.append(segment("failed", Math.min(at, finished), finished, span, "failed"));
      else if (at === started) track.append(segment("run", started, finished, span, "on " + (job.worker || "a worker")));
    } else if (job.state === "failed") {
      track.append(segment("failed", finished, finished, span, job.error || "failed"));
    }
    return el("div", { class: "tl-row" }, el("div", { class: "tl-name", title: job.name, text: job.name }), track);
  });
  if (jobs.length > TIMELINE_ROWS) {
    rows.push(el("p", { class: "empty", text: (jobs.length - TIMELINE_ROWS) + " more jobs are in the table below." }));
  }
  if (rows.length === 0) {
    rows.push(el("p", { class: "empty", text: "No job has started yet." }));
  } else {
    rows.unshift(el("div", { class: "tl-row tl-axis" }, el("div"),
      el("div", { class: "tl-scale" }, el("span", { text: "0" }), el("span", { text: duration(span) }))));
  }
  document.getElementById("timeline").replaceChildren(...rows);
}

// ---- the loop -----------------------------------------------------------------------------------

function route() {
  const match = /^#\/build\/([0-9a-f]{8,128})$/.exec(location.hash);
  return match ? { build: match[1] } : {};
}

/** Fetches what the page shows now and draws it, unless a newer loop took over meanwhile. */
async function refresh(mine) {
  const live = document.getElementById("live");
  const view = route();
  try {
    const answer = await fetchJson(view.build ? "/status/build?id=" + view.build : "/status");
    if (mine !== generation) return;
    if (view.build) {
      drawBuild(answer);
      show("build");
    } else {
      drawOverview(answer);
      show("overview");
    }
    lastSuccess = Date.now();
    live.className = "live";
    live.textContent = "live";
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof NeedsToken) {
      const problem = document.getElementById("login-problem");
      problem.textContent = sessionStorage.getItem(TOKEN_KEY) ? "That token was refused: " + error.message : "";
      show("login");
      stop();
      return;
    }
    if (error instanceof NotFound) {
      document.getElementById("missing-text").textContent = error.message;
      show("missing");
    } else {
      live.className = "live down";
      live.textContent = (error instanceof Unreachable ? "coordinator unreachable" : "coordinator error: " + error.message)
        + (lastSuccess ? " since " + new Date(lastSuccess).toLocaleTimeString() : "");
    }
  }
}

function stop() {
  clearTimeout(timer);
  timer = null;
}

async function loop() {
  stop();
  const mine = ++generation;
  await refresh(mine);
  if (mine !== generation || !document.getElementById("login").hidden) return;
  timer = setTimeout(loop, document.hidden ? 5 * POLL_MILLIS : POLL_MILLIS);
}

document.getElementById("login").addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
  loop();
});
window.addEventListener("hashchange", loop);
document.addEventListener("visibilitychange", () => { if (!document.hidden && timer) loop(); });
document.getElementById("where").textContent = location.host + API;
loop();
