// psoas inclinometer page: this phone's orientation sensors measure the leg-raise angle.
// Zero flat on the table, then one recording per trial on the back of the thigh; the live
// angle and the "held" cue are feedback only. Each recording's raw readings go to the API
// (POST data.api, sign-in cookie + X-CSRF-Token), where the server's core finds the held
// angle or says why the recording cannot be trusted, and the answer moves the page on.
// Browsers send deviceorientation only when the angle changes (Chromium: by more than 0.1°),
// so a phone lying still may send few events: readings are taken from the latest event on a
// steady 60 Hz clock instead, which a sleeping screen or background tab still interrupts.
(function () {
  "use strict";
  var root = document.getElementById("lift");
  if (!root) return;
  var data;
  try { data = JSON.parse(root.getAttribute("data-lift")); } catch (e) { return; }
  function $(id) { return document.getElementById(id); }
  var angleEl = $("lift-angle"), statusEl = $("lift-status"),
    resultEl = $("lift-result"), problemEl = $("lift-problem"), manual = $("lift-manual"),
    zeroBtn = $("lift-zero"), startBtn = $("lift-start"), againBtn = $("lift-again");

  var side = data.side, trial = data.trial, trials = data.trials || [];
  var mode = "idle";       // idle, waiting, zeroing, zeroed, settling, recording, sending, off
  var latest = null, listening = false, listenAt = 0, ticker = null, t0 = 0;
  var zero = [], zeroBeta = null, samples = [];
  var rest = null, anchor = null, anchorAt = 0, top = 0, held = false, heldAt = 0, lowSince = null;

  function say(text) { statusEl.textContent = text; }
  // The server's answer on the last trial; refusals stand out.
  function answer(text, refused) {
    resultEl.textContent = text;
    resultEl.hidden = !text;
    resultEl.className = refused ? "notice caution" : "notice";
  }
  function buttons(zeroShown, startShown, againShown) {
    zeroBtn.hidden = !zeroShown; startBtn.hidden = !startShown; againBtn.hidden = !againShown;
  }
  function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
  function wrap(d) { return ((d + 180) % 360 + 360) % 360 - 180; }
  function tilt(r) { return wrap(r.beta - zeroBeta); }
  function round(x, n) { var k = Math.pow(10, n); return Math.round(x * k) / k; }
  function buzz(p) { if (navigator.vibrate) { try { navigator.vibrate(p); } catch (e) { /* ignore */ } } }

  // No sensors here: say why in plain words and open the typed form.
  function off(why) {
    mode = "off";
    if (ticker) { clearInterval(ticker); ticker = null; }
    root.hidden = true;
    problemEl.textContent = why + " Type the angle in below instead.";
    problemEl.hidden = false;
    manual.open = true;
  }

  if (!window.isSecureContext) {
    off("This page was not opened over HTTPS, so the browser keeps the motion sensors from it " +
      "(open psoas at its https:// address to use them).");
    return;
  }
  if (!("DeviceOrientationEvent" in window)) {
    off("This browser gives web pages no access to motion sensors.");
    return;
  }
  root.hidden = false;
  manual.open = false;

  function render() {
    var rows = data.per_side, body = $("lift-trials").querySelector("table").tBodies[0];
    trials.forEach(function (t) { rows = Math.max(rows, t.trial); });
    body.textContent = "";
    for (var n = 1; n <= rows; n++) {
      var tr = body.insertRow();
      tr.insertCell().textContent = String(n);
      ["left", "right"].forEach(function (s) {
        var t = trials.filter(function (x) { return x.side === s && x.trial === n; })[0];
        var cell = tr.insertCell();
        if (!t) return;
        var text = t.degrees === null ? "hurt" : t.degrees.toFixed(1) + "°";
        if (t.struck) {
          cell.appendChild(document.createElement("s")).textContent = text;
          var why = document.createElement("span");
          why.className = "struck small";
          why.textContent = "struck out: " + t.struck;
          cell.append(" ", why);
          return;
        }
        cell.textContent = text;
        if (t.strike) {
          var link = document.createElement("a");
          link.className = "strike small";
          link.href = t.strike;
          link.textContent = "Strike out";
          link.setAttribute("aria-label", "Strike out " + s + " trial " + n);
          cell.append(" ", link);
        }
      });
    }
    $("lift-spread").textContent = ["left", "right"].map(function (s) {
      var a = trials.filter(function (x) { return x.side === s && x.degrees !== null && !x.struck; })
        .map(function (x) { return x.degrees; });
      if (!a.length) return "";
      var lo = Math.min.apply(null, a), hi = Math.max.apply(null, a);
      return capital(s) + ": " + a.length + " trial" + (a.length === 1 ? "" : "s") + ", " +
        lo.toFixed(1) + "-" + hi.toFixed(1) + "°, spread " + (hi - lo).toFixed(1) + "°.";
    }).filter(Boolean).join(" ");
  }

  function showTrial() {
    $("lift-side").textContent = capital(side) + " side";
    // Struck-out trials leave their place to the one taken again.
    var counted = trials.filter(function (x) { return x.side === side && !x.struck; }).length;
    $("lift-trial").textContent = String(counted + 1);
    Array.prototype.forEach.call(document.querySelectorAll("input[name=side]"), function (i) { i.value = side; });
    Array.prototype.forEach.call(document.querySelectorAll("input[name=trial]"), function (i) { i.value = String(trial); });
  }

  function ready() {
    mode = "zeroed";
    buttons(true, true, false);
    zeroBtn.textContent = "Zero again";
    say("Hold the phone lengthwise on the back of the " + side + " thigh, just above the knee, then tap Start.");
  }

  function zeroed() {
    var betas = zero.map(function (r) { return r.beta; }), first = betas[0];
    var offsets = betas.map(function (b) { return wrap(b - first); });
    var spread = Math.max.apply(null, offsets) - Math.min.apply(null, offsets);
    if (spread > 2) {
      mode = "idle";
      zero = [];
      buttons(true, false, false);
      say("The phone moved while it was being zeroed. Lay it flat, take your hands off, and tap Zero again.");
      return;
    }
    zeroBeta = wrap(first + offsets.reduce(function (a, b) { return a + b; }, 0) / offsets.length);
    buzz(100);
    ready();
  }

  // Feedback only: the server decides. Rest is the first half second; "held" is a second
  // within ±1.2° at least 3° from rest.
  function follow(r) {
    var a = tilt(r), t = r.t_ms;
    if (t < 500) return;
    if (rest === null) {
      var first = samples.filter(function (s) { return s.t_ms < 500; }).map(tilt);
      rest = first.length ? first.reduce(function (x, y) { return x + y; }, 0) / first.length : a;
      say("Lift the leg now, as high as it goes, and hold it there.");
      buzz(100);
    }
    var rise = Math.abs(a - rest);
    top = Math.max(top, rise);
    if (anchor === null || Math.abs(a - anchor) > 1.2) { anchor = a; anchorAt = t; }
    if (!held && rise >= 3 && t - anchorAt >= 1000) {
      held = true; heldAt = t;
      say("Held at " + Math.abs(a).toFixed(0) + "°. Lower the leg.");
      buzz([200, 100, 200]);
    }
    lowSince = rise < 3 ? (lowSince === null ? t : lowSince) : null;
    var lowFor = lowSince === null ? 0 : t - lowSince;
    if ((held && (lowFor >= 600 || t - heldAt > 4000)) || (!held && top >= 3 && lowFor >= 800) ||
      t > 30000) send();
  }

  function tick() {
    var now = performance.now();
    if (!latest) {
      if (mode === "waiting" && now - listenAt > 1000) {
        off("No readings came from the motion sensors: this device has none, or the browser blocks them.");
      }
      return;
    }
    if (mode === "waiting") { mode = "zeroing"; t0 = now; zero = []; }
    var r = { t_ms: round(now - t0, 1), beta: round(latest.beta, 2), gamma: round(latest.gamma, 2) };
    if (zeroBeta !== null) angleEl.textContent = Math.abs(tilt(r)).toFixed(0) + "°";
    if (mode === "zeroing") {
      zero.push(r);
      angleEl.textContent = "0°";
      if (r.t_ms >= 1000) zeroed();
    } else if (mode === "settling" && now - t0 >= 0) {
      mode = "recording";
      samples = [];
    } else if (mode === "recording") {
      samples.push(r);
      follow(r);
    }
  }

  function listen() {
    if (!listening) {
      listening = true;
      window.addEventListener("deviceorientation", function (e) {
        if (typeof e.beta === "number" && typeof e.gamma === "number") latest = { beta: e.beta, gamma: e.gamma };
      });
    }
    mode = "waiting";
    listenAt = performance.now();
    say("Zeroing: keep your hands off the phone.");
    buttons(false, false, false);
    if (!ticker) ticker = setInterval(tick, 1000 / 60);
  }

  zeroBtn.addEventListener("click", function () {
    problemEl.hidden = true;
    zeroBeta = null;
    var D = window.DeviceOrientationEvent;
    if (typeof D.requestPermission === "function") {
      // iOS asks the person, and only from a tap.
      D.requestPermission().then(function (state) {
        if (state === "granted") listen();
        else off("Motion sensors were not allowed for this page (allow them in the browser's settings for this site).");
      }).catch(function () { off("Motion sensors could not be switched on for this page."); });
    } else {
      listen();
    }
  });

  startBtn.addEventListener("click", function () {
    answer("");
    problemEl.hidden = true;
    // The tap itself shakes the phone: the recording starts a moment later.
    mode = "settling";
    t0 = performance.now() + 400;
    rest = null; anchor = null; top = 0; held = false; lowSince = null;
    buttons(false, false, true);
    say("Keep the leg resting...");
  });

  againBtn.addEventListener("click", function () { samples = []; ready(); });

  function send() {
    mode = "sending";
    buttons(false, false, false);
    say("Checking the trial...");
    var body = JSON.stringify({ side: side, series: { zero: zero, samples: samples } });
    fetch(data.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": data.csrf },
      body: body
    }).then(function (response) {
      return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
    }).then(function (reply) {
      var a = reply.answer;
      if (reply.status === 201) {
        var m = a.analysis, stored = a.measurement;
        trials.push({ side: stored.side, trial: stored.trial, degrees: m.degrees,
          strike: data.strike_base + stored.id + "/strike-out" });
        render();
        answer(capital(stored.side) + " trial " + stored.trial + ": " + m.degrees.toFixed(1) + "° (held " +
          (m.held_ms / 1000).toFixed(1) + " s, sideways tilt up to " + m.max_roll_deg.toFixed(0) + "°).");
        buzz(300);
        var next = a.next_step;
        if (next.step === "trial" && next.test === "leg_raise" && next.phase === data.phase) {
          side = next.side; trial = next.trial;
          showTrial();
          ready();
          say("Next: move the phone to the " + side + " thigh, just above the knee, then tap Start.");
        } else {
          say("All trials are in. Showing the result...");
          setTimeout(function () { window.location.assign(data.done); }, 1500);
        }
      } else if (a && a.type && /lift-refused$/.test(a.type)) {
        answer("Not recorded: " + a.detail, true);
        buzz([100, 100, 100]);
        if (a.reason === "no_zero" || a.reason === "zero_not_steady") {
          mode = "idle"; buttons(true, false, false);
          say("Lay the phone flat on the table and tap Zero again.");
        } else {
          ready();
          say("Try this trial again: hold the phone on the " + side + " thigh and tap Start.");
        }
      } else {
        answer((a && a.detail) || "The server did not take the trial.", true);
        mode = "off";
        say("Reload the page to go on.");
      }
    }).catch(function () {
      answer("The trial could not be sent: is the connection down?", true);
      ready();
      say("Tap Start to record it again.");
    });
  }

  showTrial();
  render();
})();
