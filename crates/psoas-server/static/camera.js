// psoas camera page: the leg raise measured from the printed markers P, H and K on the side of
// the body, by a recording through this phone's camera or by two photos. No maths here: each
// picture goes to the server to have its markers found (POST data.markers_api, one at a time),
// the outlines found are drawn over the live picture so the helper sees which markers are in
// view, and the markers of the rest picture and the lift go to POST data.api, where the
// server's core measures the rise and its hip and pelvis parts or says why the pictures cannot
// be trusted; its answer moves the page on. Every sentence comes from the page's data
// (pages/words/camera.rs), so the words live with the rest of the pages' words.
(function () {
  "use strict";
  var root = document.getElementById("camera");
  if (!root) return;
  var data;
  try { data = JSON.parse(root.getAttribute("data-camera")); } catch (e) { return; }
  var w = data.words;
  function $(id) { return document.getElementById(id); }
  var statusEl = $("camera-status"), resultEl = $("camera-result"), problemEl = $("camera-problem"),
    foundEl = $("camera-found"), clockEl = $("camera-clock"), view = $("camera-view"),
    video = $("camera-video"), overlay = $("camera-overlay"),
    onBtn = $("camera-on"), startBtn = $("camera-start"), stopBtn = $("camera-stop"),
    restInput = $("photo-rest"), liftInput = $("photo-lift"),
    restNote = $("photo-rest-found"), liftNote = $("photo-lift-found");

  var side = data.side, trial = data.trial, trials = data.trials || [];
  var grabCanvas = document.createElement("canvas");
  // off, starting, preview, recording, stopping, sending, done, broken
  var mode = "off";
  var stream = null, ticker = null, clockTicker = null, stopTimer = null;
  var inFlight = false, lastGrab = 0, recordStart = 0, restAt = 0, rest = null, frames = [];
  var allInView = false;
  var orientation = null;
  var photos = { rest: null, lift: null };
  var sending = false, cameraUsable = true;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  function say(text) { statusEl.textContent = text; }
  function answer(text, refused) {
    resultEl.textContent = text;
    resultEl.hidden = !text;
    resultEl.className = refused ? "notice caution" : "notice";
  }
  function sideWord(s) { return s === "left" ? w.left : w.right; }
  function sideTitle(s) { return s === "left" ? w.left_title : w.right_title; }
  function tagsOf(s) { return data.tags.filter(function (t) { return t.side === s; }); }
  function tagOf(id) { return data.tags.filter(function (t) { return t.id === id; })[0]; }
  function list(items) {
    if (items.length < 2) return items.join("");
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }
  function one(x) { return x.toFixed(1); }

  // Which of the side's markers a picture shows, in words; and whether all three are there.
  function inView(found) {
    var mine = tagsOf(side), ids = (found ? found.markers : []).map(function (m) { return m.id; });
    var seen = mine.filter(function (t) { return ids.indexOf(t.id) >= 0; }).map(function (t) { return t.letter; });
    var missing = mine.filter(function (t) { return ids.indexOf(t.id) < 0; }).map(function (t) { return t.letter; });
    var other = ids.some(function (id) { var t = tagOf(id); return t && t.side !== side; });
    var words;
    if (!missing.length) words = w.found_all;
    else if (seen.length) words = fill(w.found_some, { found: list(seen), missing: list(missing) });
    else if (other) words = fill(w.found_other_side, { side: sideWord(side) });
    else words = fill(w.found_none, { side: sideWord(side) });
    return { all: !missing.length, words: words };
  }

  // The outlines of the side's markers found, each labelled with its printed letter just
  // above it (below at the picture's top edge), so the marker itself stays in view: white
  // letters on black boxes and yellow lines edged in black, readable on any picture. The
  // canvas is hidden from screen readers; the words beside it say the same.
  function draw(found) {
    var dpr = window.devicePixelRatio || 1;
    var cw = Math.round(overlay.clientWidth * dpr), ch = Math.round(overlay.clientHeight * dpr);
    if (overlay.width !== cw || overlay.height !== ch) { overlay.width = cw; overlay.height = ch; }
    var g = overlay.getContext("2d");
    g.clearRect(0, 0, cw, ch);
    if (!found || !found.width || !found.height) return;
    var sx = cw / found.width, sy = ch / found.height;
    found.markers.forEach(function (m) {
      var tag = tagOf(m.id);
      if (!tag || tag.side !== side) return;
      g.beginPath();
      m.corners.forEach(function (c, i) {
        if (i === 0) g.moveTo(c[0] * sx, c[1] * sy); else g.lineTo(c[0] * sx, c[1] * sy);
      });
      g.closePath();
      g.lineJoin = "round";
      g.strokeStyle = "#000000"; g.lineWidth = 6 * dpr; g.stroke();
      g.strokeStyle = "#ffd60a"; g.lineWidth = 3 * dpr; g.stroke();
      var ys = m.corners.map(function (c) { return c[1] * sy; });
      var box = 22 * dpr, gap = 5 * dpr, x = m.centre[0] * sx;
      var y = Math.min.apply(null, ys) - gap - box / 2;
      if (y - box / 2 < 0) y = Math.max.apply(null, ys) + gap + box / 2;
      g.fillStyle = "#000000";
      g.fillRect(x - box / 2, y - box / 2, box, box);
      g.fillStyle = "#ffffff";
      g.font = "700 " + Math.round(16 * dpr) + "px system-ui, sans-serif";
      g.textAlign = "center"; g.textBaseline = "middle";
      g.fillText(tag.letter, x, y + dpr);
    });
  }

  // Finds the markers in one picture: resolves with the server's markers, rejects with
  // {refused, detail} for a picture it cannot read, {fatal, detail} when no picture will do
  // (signed out, form expired), or {network} when the server was not reached.
  function findMarkers(blob, type) {
    return fetch(data.markers_api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": type, "Accept": "application/json", "X-CSRF-Token": data.csrf },
      body: blob
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.status === 200 && body) return body;
        var detail = (body && body.detail) || w.not_taken;
        if (body && body.type && /photo-refused$/.test(body.type)) throw { refused: true, detail: detail };
        if (response.status === 413 || response.status === 415 || response.status === 422) throw { refused: true, detail: detail };
        throw { fatal: true, detail: detail };
      });
    }, function () { throw { network: true }; });
  }

  function broken(detail) {
    mode = "broken";
    stopTimers();
    answer(detail, true);
    say(w.reload);
    buttons(false, false, false);
  }

  // --- The live recording -------------------------------------------------------------

  function buttons(on, start, stop) { onBtn.hidden = !on; startBtn.hidden = !start; stopBtn.hidden = !stop; }

  function unavailable(why) {
    mode = "off";
    cameraUsable = false;
    view.hidden = true;
    foundEl.hidden = true;
    buttons(false, false, false);
    say("");
    problemEl.textContent = why + " " + w.use_photos;
    problemEl.hidden = false;
  }

  function stopTimers() {
    if (stopTimer) { clearTimeout(stopTimer); stopTimer = null; }
    if (clockTicker) { clearInterval(clockTicker); clockTicker = null; }
  }

  function preview() {
    mode = "preview";
    stopTimers();
    clockEl.hidden = true;
    buttons(false, true, false);
  }

  function tick() {
    if (mode !== "preview" && mode !== "recording") return;
    if (inFlight || video.readyState < 2 || !video.videoWidth) return;
    var now = performance.now();
    if (now - lastGrab < data.frame_ms) return;
    grab(now);
  }

  // One frame from the live picture, as a JPEG, to the server; its answer is drawn, said and,
  // while recording, kept with the time it was grabbed.
  function grab(at) {
    var vw = video.videoWidth, vh = video.videoHeight;
    inFlight = true;
    lastGrab = at;
    grabCanvas.width = vw; grabCanvas.height = vh;
    grabCanvas.getContext("2d").drawImage(video, 0, 0, vw, vh);
    grabCanvas.toBlob(function (blob) {
      if (!blob) { inFlight = false; return; }
      findMarkers(blob, "image/jpeg").then(function (found) {
        seen(at, found);
      }, function (problem) {
        if (problem.fatal) { inFlight = false; broken(problem.detail); return; }
        // A frame the server could not read counts as one with no markers, so the core
        // knows it was lost; a frame that never reached the server is simply not there.
        seen(at, problem.refused ? { width: vw, height: vh, markers: [] } : null);
      });
    }, "image/jpeg", 0.9);
  }

  function seen(at, found) {
    inFlight = false;
    if (mode === "broken" || mode === "off") return;
    draw(found);
    var shown = inView(found);
    foundEl.textContent = shown.words;
    if (mode === "preview" && shown.all !== allInView && shown.all) say(w.all_in_view);
    allInView = shown.all;
    if ((mode === "recording" || mode === "stopping") && found && at >= recordStart) {
      // The recording starts at the first frame with the side's three markers: the leg rests
      // then, so that frame is the rest picture.
      if (!rest && shown.all) {
        rest = found;
        restAt = at;
        say(w.rest_seen);
      }
      if (rest) frames.push({ t_ms: Math.round(at - restAt), markers: found });
    }
    if (mode === "stopping") finish();
  }

  function clock() {
    var s = Math.floor((performance.now() - recordStart) / 1000);
    clockEl.textContent = Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }

  function record() {
    answer("");
    problemEl.hidden = true;
    mode = "recording";
    recordStart = performance.now();
    rest = null; frames = [];
    buttons(false, false, true);
    say(w.waiting_for_rest);
    clockEl.hidden = false;
    clock();
    clockTicker = setInterval(clock, 250);
    stopTimer = setTimeout(stop, data.record_ms);
  }

  function stop() {
    if (mode !== "recording") return;
    stopTimers();
    mode = "stopping";
    buttons(false, false, false);
    say(w.checking);
    // The frame in flight is the last of the recording.
    if (!inFlight) finish();
  }

  function finish() {
    if (!rest) {
      preview();
      say(w.no_rest);
      return;
    }
    mode = "sending";
    send({ side: side, rest: rest, frames: frames });
  }

  function cameraOn() {
    problemEl.hidden = true;
    mode = "starting";
    buttons(false, false, false);
    say(w.camera_starting);
    navigator.mediaDevices.getUserMedia({
      audio: false,
      // The markers must be 20 px or more across: ask for the camera's full picture.
      video: { facingMode: "environment", width: { ideal: 1920 }, height: { ideal: 1080 } }
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      view.hidden = false;
      foundEl.hidden = false;
      return video.play();
    }).then(function () {
      preview();
      say(fill(w.camera_on, { side: sideWord(side) }));
      if (!ticker) ticker = setInterval(tick, 40);
    }).catch(function (e) {
      var name = e && e.name;
      if (name === "NotAllowedError" || name === "SecurityError") unavailable(w.camera_refused);
      else if (name === "NotFoundError" || name === "OverconstrainedError") unavailable(w.no_camera);
      else if (name === "NotReadableError" || name === "AbortError") {
        mode = "off"; buttons(true, false, false); say(w.camera_busy);
      } else unavailable(w.camera_failed);
    });
  }

  // --- Two photos ---------------------------------------------------------------------

  window.addEventListener("deviceorientation", function (e) {
    if (typeof e.beta === "number" && typeof e.gamma === "number") orientation = { beta: e.beta, gamma: e.gamma };
  });

  function round2(x) { return Math.round(x * 100) / 100; }

  function photoChosen(which, input, note) {
    var file = input.files && input.files[0];
    photos[which] = null;
    if (!file) { note.textContent = ""; return; }
    // The phone's tilt as the photo comes back: with both, the server refuses a phone that
    // leaned or turned between them.
    var tilt = orientation ? { beta: round2(orientation.beta), gamma: round2(orientation.gamma) } : null;
    var name = which === "rest" ? w.rest_photo : w.lift_photo;
    var type = /^image\/(jpeg|png)$/.test(file.type) ? file.type : (file.type || "image/jpeg");
    note.textContent = fill(w.reading_photo, { photo: name });
    answer("");
    findMarkers(file, type).then(function (found) {
      if (input.files[0] !== file) return;
      photos[which] = { markers: found, tilt: tilt, file: file, type: type };
      var text = fill(w.photo_found, { photo: name, found: inView(found).words });
      note.textContent = text;
      if (photos.rest && photos.lift) {
        say(w.photos_checking);
        sendPhotos();
      } else {
        say(text + " " + (which === "rest" ? w.take_lift_photo : w.take_rest_photo));
      }
    }, function (problem) {
      if (problem.fatal) { broken(problem.detail); return; }
      var text = problem.network ? w.not_sent : fill(w.photo_unreadable, { photo: name, detail: problem.detail });
      note.textContent = text;
      say(text);
    });
  }

  // The photos are taken again after any answer; what was found in them stays in view until
  // the next photo, beside the server's answer, so a refusal can be traced to its photo.
  function clearPhotos() {
    photos = { rest: null, lift: null };
    restInput.value = ""; liftInput.value = "";
  }

  function sendPhotos() {
    var body = { side: side, rest: photos.rest.markers, lift: photos.lift.markers };
    if (photos.rest.tilt && photos.lift.tilt) body.tilt = { rest: photos.rest.tilt, lift: photos.lift.tilt };
    // Kept only where the profile's owner chose it; the markers are kept either way.
    var files = data.photos_api ? [
      { picture: "rest", file: photos.rest.file, type: photos.rest.type },
      { picture: "lift", file: photos.lift.file, type: photos.lift.type }
    ] : [];
    clearPhotos();
    send(body, files);
  }

  // --- The trial, stored or refused ---------------------------------------------------

  function render() {
    var rows = data.per_side, body = $("camera-trials").querySelector("table").tBodies[0];
    trials.forEach(function (t) { rows = Math.max(rows, t.trial); });
    body.textContent = "";
    for (var n = 1; n <= rows; n++) {
      var tr = body.insertRow();
      tr.insertCell().textContent = String(n);
      ["left", "right"].forEach(function (s) {
        var t = trials.filter(function (x) { return x.side === s && x.trial === n; })[0];
        var cell = tr.insertCell();
        if (!t) return;
        var text = t.degrees === null ? w.hurt : one(t.degrees) + "°";
        if (t.struck) {
          cell.appendChild(document.createElement("s")).textContent = text;
          var why = document.createElement("span");
          why.className = "struck small";
          why.textContent = fill(w.struck_out, { why: t.struck });
          cell.append(" ", why);
          return;
        }
        cell.textContent = text;
        if (t.strike) {
          var link = document.createElement("a");
          link.className = "strike small";
          link.href = t.strike;
          link.textContent = w.strike_out;
          link.setAttribute("aria-label", fill(w.strike_out_label, { side: sideWord(s), trial: n }));
          cell.append(" ", link);
        }
      });
    }
    $("camera-spread").textContent = ["left", "right"].map(function (s) {
      var a = trials.filter(function (x) { return x.side === s && x.degrees !== null && !x.struck; })
        .map(function (x) { return x.degrees; });
      if (!a.length) return "";
      var lo = Math.min.apply(null, a), hi = Math.max.apply(null, a);
      return fill(w.spread, {
        side: sideTitle(s), count: a.length === 1 ? w.trial_one : fill(w.trials_many, { n: a.length }),
        low: one(lo), high: one(hi), spread: one(hi - lo)
      });
    }).filter(Boolean).join(" ");
  }

  function showTrial() {
    $("camera-side").textContent = fill(w.side_badge, { side: sideTitle(side) });
    // Struck-out trials leave their place to the one taken again.
    var counted = trials.filter(function (x) { return x.side === side && !x.struck; }).length;
    $("camera-trial").textContent = String(counted + 1);
    $("camera-tags").textContent = list(tagsOf(side).map(function (t) { return String(t.id); }));
    Array.prototype.forEach.call(document.querySelectorAll("input[name=side]"), function (i) { i.value = side; });
    Array.prototype.forEach.call(document.querySelectorAll("input[name=trial]"), function (i) { i.value = String(trial); });
  }

  // After an answer: back to the live picture if it is on, else to the camera button.
  function again() {
    if (stream) preview(); else { mode = "off"; buttons(cameraUsable, false, false); }
  }

  // The photos of a stored trial, one after the other; resolves to whether both were kept.
  function keepPhotos(id, files) {
    return files.reduce(function (done, f) {
      return done.then(function (ok) {
        return fetch(data.photos_api + id + "/photos/" + f.picture, {
          method: "PUT",
          credentials: "same-origin",
          headers: { "Content-Type": f.type, "X-CSRF-Token": data.csrf },
          body: f.file
        }).then(function (response) { return ok && response.status === 204; },
          function () { return false; });
      });
    }, Promise.resolve(true));
  }

  function send(body, files) {
    if (sending) return;
    sending = true;
    restInput.disabled = true; liftInput.disabled = true;
    say(w.checking);
    fetch(data.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": data.csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; })
        .then(function (reply) { return { status: response.status, reply: reply }; });
    }).then(function (r) {
      sending = false;
      restInput.disabled = false; liftInput.disabled = false;
      var a = r.reply;
      if (r.status === 201 && a) {
        var m = a.analysis, stored = a.measurement;
        trials.push({ side: stored.side, trial: stored.trial, degrees: m.rise_deg,
          strike: data.strike_base + stored.id + "/strike-out" });
        render();
        restNote.textContent = ""; liftNote.textContent = "";
        var text = fill(w.result, { side: sideTitle(stored.side), trial: stored.trial,
          rise: one(m.rise_deg), hip: one(m.hip_deg), pelvis: one(m.pelvis_deg) });
        if (m.held_ms !== null && m.held_ms !== undefined) text += " " + fill(w.held, { seconds: one(m.held_ms / 1000) });
        if (m.advice) text += " " + m.advice;
        answer(text, false);
        var photosDone = files && files.length ? keepPhotos(stored.id, files).then(function (kept) {
          answer(text + " " + (kept ? w.photos_kept : w.photos_not_kept), false);
        }) : Promise.resolve();
        var next = a.next_step;
        if (next && next.step === "trial" && next.test === "leg_raise" && next.phase === data.phase) {
          side = next.side; trial = next.trial;
          showTrial();
          again();
          say(fill(w.next_side, { side: sideWord(side), tags: list(tagsOf(side).map(function (t) { return String(t.id); })) }));
        } else {
          mode = "done";
          buttons(false, false, false);
          say(w.all_done);
          if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
          // The photos are kept before the page moves on.
          photosDone.then(function () {
            setTimeout(function () { window.location.assign(data.done); }, 1500);
          });
        }
      } else if (a && a.type && /photo-refused$/.test(a.type)) {
        answer(fill(w.refused, { detail: a.detail }), true);
        again();
        say(w.try_again);
      } else {
        broken((a && a.detail) || w.not_taken);
      }
    }).catch(function () {
      sending = false;
      restInput.disabled = false; liftInput.disabled = false;
      answer(w.not_sent, true);
      again();
    });
  }

  onBtn.addEventListener("click", cameraOn);
  startBtn.addEventListener("click", record);
  stopBtn.addEventListener("click", stop);
  restInput.addEventListener("change", function () { photoChosen("rest", restInput, restNote); });
  liftInput.addEventListener("change", function () { photoChosen("lift", liftInput, liftNote); });
  window.addEventListener("pagehide", function () {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
  });

  if (!window.isSecureContext) unavailable(w.no_https);
  else if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function") unavailable(w.no_camera_api);
  showTrial();
  render();
})();
