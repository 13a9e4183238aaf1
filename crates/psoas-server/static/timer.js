// psoas exercise timer: countdown over the plan in #timer[data-plan], a beep and a buzz at
// each interval change and at the end, and the seconds done posted through #timer-result.
// Skip asks once before it ends the exercise; a pause is shown in words (#timer-state, a
// live region, as is the phase label) and by a dimmed clock.
// Time comes from Date.now() stamps, never from counting ticks, so a sleeping screen or a
// background tab cannot slow it down; beeps are scheduled ahead on the audio clock.
(function () {
  "use strict";
  var root = document.getElementById("timer");
  var form = document.getElementById("timer-result");
  if (!root || !form) return;
  var plan;
  try { plan = JSON.parse(root.getAttribute("data-plan")); } catch (e) { return; }
  var steps = plan.intervals || [];
  var total = plan.total * 1000;
  if (!steps.length || !total) return;
  var ends = [], sum = 0;
  steps.forEach(function (s) { sum += s.seconds * 1000; ends.push(sum); });

  function $(id) { return document.getElementById(id); }
  var label = $("timer-label"), clock = $("timer-clock"), bar = $("timer-progress");
  var startBtn = $("timer-start"), pauseBtn = $("timer-pause"),
    resumeBtn = $("timer-resume"), skipBtn = $("timer-skip"), state = $("timer-state");
  var skipText = skipBtn.textContent, armed = null;
  root.hidden = false;
  var fallback = $("timer-fallback");
  // Closed while the timer works, unless it came back with a problem to fix.
  if (fallback && !fallback.querySelector("[aria-invalid]")) fallback.open = false;

  var done = 0;        // ms done before the current run
  var since = null;    // Date.now() when the current run started; null while stopped
  var shown = 0;       // index of the interval on screen
  var ticker = null, lock = null, audio = null, beeps = [], over = false;

  function elapsed() { return Math.min(total, done + (since === null ? 0 : Date.now() - since)); }
  function indexAt(ms) { for (var i = 0; i < ends.length; i++) if (ms < ends[i]) return i; return ends.length - 1; }
  function mmss(ms) {
    var s = Math.ceil(ms / 1000);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  function buzz(pattern) { if (navigator.vibrate) { try { navigator.vibrate(pattern); } catch (e) { /* ignore */ } } }

  function beepAt(when, freq, length) {
    var osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, when);
    gain.gain.exponentialRampToValueAtTime(0.4, when + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, when + length);
    osc.connect(gain);
    gain.connect(audio.destination);
    osc.start(when);
    osc.stop(when + length + 0.05);
    beeps.push(osc);
  }
  function cancelBeeps() {
    beeps.forEach(function (o) {
      try { o.stop(); o.disconnect(); } catch (e) { /* already stopped */ }
    });
    beeps = [];
  }
  // One beep at each interval change still ahead, three at the end.
  function scheduleBeeps() {
    cancelBeeps();
    if (!audio || since === null) return;
    var now = elapsed(), base = audio.currentTime;
    ends.forEach(function (end, i) {
      if (end <= now) return;
      var at = base + (end - now) / 1000;
      if (i < ends.length - 1) beepAt(at, 880, 0.25);
      else { beepAt(at, 660, 0.3); beepAt(at + 0.4, 660, 0.3); beepAt(at + 0.8, 990, 0.6); }
    });
  }

  function wake() {
    if (!("wakeLock" in navigator) || lock || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (l) {
      lock = l;
      l.addEventListener("release", function () { lock = null; });
    }).catch(function () { /* not allowed now; the timer still keeps time */ });
  }
  function sleep() { if (lock) { lock.release().catch(function () {}); lock = null; } }

  function show(which) {
    startBtn.hidden = which !== "start";
    pauseBtn.hidden = which !== "pause";
    resumeBtn.hidden = which !== "resume";
  }

  function render() {
    var ms = elapsed(), i = indexAt(ms);
    if (i !== shown) {
      shown = i;
      buzz(200);
    }
    // Only a change is written: the label is a live region, read out when it changes.
    var text = ms >= total ? "Done" : steps[i].label;
    if (label.textContent !== text) label.textContent = text;
    clock.textContent = mmss(ms >= total ? 0 : ends[i] - ms);
    bar.value = ms / 1000;
    if (ms >= total && !over) finish();
  }

  function submit(outcome, seconds) {
    form.elements.outcome.value = outcome;
    form.elements.seconds.value = String(seconds);
    form.submit();
  }

  function stopRunning() {
    if (since !== null) { done = elapsed(); since = null; }
    if (ticker) { clearInterval(ticker); ticker = null; }
    cancelBeeps();
    sleep();
  }

  function finish() {
    over = true;
    if (ticker) { clearInterval(ticker); ticker = null; }
    since = null; done = total;
    sleep();
    buzz([300, 150, 300, 150, 600]);
    show("none"); skipBtn.hidden = true;
    label.textContent = "Done - saving";
    // Let the closing beeps play before the page moves on.
    setTimeout(function () { submit("done", plan.total); }, 1800);
  }

  function run() {
    since = Date.now();
    ticker = setInterval(render, 250);
    scheduleBeeps();
    wake();
    show("pause");
    render();
  }

  startBtn.addEventListener("click", function () {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx && !audio) { try { audio = new Ctx(); } catch (e) { audio = null; } }
    if (audio && audio.state === "suspended") audio.resume();
    buzz(100);
    run();
  });
  function paused(on) {
    root.classList.toggle("paused", on);
    state.textContent = on ? "Paused" : "";
  }
  function disarm() {
    if (armed) { clearTimeout(armed); armed = null; }
    skipBtn.textContent = skipText;
    state.textContent = root.classList.contains("paused") ? "Paused" : "";
  }
  pauseBtn.addEventListener("click", function () { stopRunning(); show("resume"); paused(true); render(); });
  resumeBtn.addEventListener("click", function () {
    if (audio && audio.state === "suspended") audio.resume();
    paused(false);
    run();
  });
  // The first tap asks; a second one within five seconds skips.
  skipBtn.addEventListener("click", function () {
    if (!armed) {
      skipBtn.textContent = "Tap again to skip";
      state.textContent = "Skip the rest of this exercise? Tap Skip again within 5 seconds.";
      armed = setTimeout(disarm, 5000);
      return;
    }
    disarm();
    var seconds = Math.floor(elapsed() / 1000);
    stopRunning();
    over = true;
    submit("skipped", seconds);
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible" || since === null) return;
    // Back from a sleeping screen or another tab: catch up from the clock, re-aim the beeps
    // (a suspended audio clock may have fallen behind) and take the wake lock again.
    if (audio && audio.state === "suspended") audio.resume();
    render();
    if (!over) { scheduleBeeps(); wake(); }
  });
})();
