#!/usr/bin/env bash
# make bench: measures Webox Social against the performance budget of DESIGN.md §6 and
# prints one table (also written to bench-report.txt at the repository root).
#   scripts/bench.sh [BIN]     BIN defaults to bin/webox-social (make bench builds it)
#
# Rows:
#   1. Startup, exec → window mapped and visible (xdotool) and exec → first painted frame
#      (read from the Xvfb framebuffer), the app with 10,000 posts in its database vs a
#      bare Fyne window of the same size (scripts/barewindow); median of RUNS runs each.
#   2. VmRSS 10 s after exec, same runs.
#   3. Due time → the Mastodon fake receiving POST /api/v1/statuses, p50/p99 over 200
#      posts (app/bench_test.go, BenchmarkDueToRequest).
#   4. One month of posts out of 100k (services/store, BenchmarkMonthRange).
#   5. The calendar's month grid with 2,000 posts built and laid out (views,
#      BenchmarkCalendarMonth2000, Fyne's headless test driver).
#   6. Statistics at 100k posts and 1M snapshots: overview with the previous period,
#      engagement per day and best posts for 30 days (services/store, BenchmarkStatsOverview100k).
#   7. A CSV import of 500 rows validated as a dry run (app, BenchmarkImportCSVValidate500).
# Everything runs on 127.0.0.1 and a private Xvfb display; nothing is left running.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN="${1:-bin/webox-social}"
RUNS="${RUNS:-5}"
POSTS=10000
IDLE=10s
GO="${GO:-go}"
REPORT=bench-report.txt
# -noreset: no server reset (and no window for a client to fail in) between runs.
XVFB_SCREEN="-screen 0 1280x1024x24 -nolisten tcp -noreset"

scripts/install-deps.sh test
[ -x "$BIN" ] || { echo "bench: $BIN is missing; run make bench" >&2; exit 1; }
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

work="$(mktemp -d "${TMPDIR:-/tmp}/webox-bench.XXXXXX")"
current_fb=""
trap 'stop_xvfb "$current_fb"; rm -rf "$work"' EXIT
mkdir -p "$work/tmp" "$work/config" "$work/cache"

echo "bench: building the helpers"
"$GO" build -o "$work/barewindow" ./scripts/barewindow
"$GO" build -o "$work/startupbench" ./scripts/startupbench
"$GO" build -o "$work/seedposts" ./scripts/seedposts

echo "bench: seeding $POSTS posts"
seed_line="$("$work/seedposts" --data-dir "$work/data" --posts "$POSTS" 2>"$work/seed.log")" ||
  { cat "$work/seed.log" >&2; exit 1; }
echo "$seed_line"

# Both programs get the same environment: a private Fyne config and cache, no session
# bus (so no tray, and godbus cannot launch a stray one), the encrypted-file secrets for the app.
run_env=(env -u XDG_RUNTIME_DIR DBUS_SESSION_BUS_ADDRESS=disabled: LANG=en_US.UTF-8
  XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
  WEBOX_SECRETS=file WEBOX_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)")

# startup IDLE NAME-REGEXP CMD... → one run on a fresh Xvfb with its own framebuffer dir:
# "mapped_ms=… frame_ms=… rss_kb=…" (IDLE 0: a warm-up, no RSS). xvfb-run gets a private
# TMPDIR; -n starts its search for a free display at a random number, away from other
# xvfb-run -a users (which start at 99 and can race for it).
startup() {
  local idle="$1" name="$2" status=0
  shift 2
  current_fb="$(mktemp -d "$work/fb.XXXXXX")"
  "${run_env[@]}" TMPDIR="$work/tmp" xvfb-run -a -n $((100 + RANDOM % 800)) -s "$XVFB_SCREEN -fbdir $current_fb" \
    sh -c 'echo "$DISPLAY" >"$0/display" && exec "$@"' "$current_fb" \
    "$work/startupbench" -fb "$current_fb/Xvfb_screen0" -name "$name" -idle "$idle" -- "$@" \
    >"$current_fb/out" || status=$?
  stop_xvfb "$current_fb"
  [ "$status" -eq 0 ] || { echo "bench: the startup run of $1 failed" >&2; exit 1; }
  cat "$current_fb/out"
}

# stop_xvfb FBDIR: xvfb-run signals its Xvfb without waiting, and does not signal it at
# all when its own clean-up fails (or when interrupted); stop the Xvfb that served FBDIR,
# found through its display's lock file, if it is still there.
stop_xvfb() {
  local n pid
  [ -n "$1" ] && [ -s "$1/display" ] || return 0
  n="$(cat "$1/display")"
  pid="$(tr -dc 0-9 2>/dev/null <"/tmp/.X${n#:}-lock")" || return 0
  if [ -n "$pid" ] && grep -qF -- "$1" "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
  fi
}

bare() { startup "$1" '^Bare Fyne window$' "$work/barewindow"; }
app() { startup "$1" '^Webox Social' "$BIN" --data-dir "$work/data"; }

# measure WHO RUN: one measured run, its line kept in $work/WHO.txt and shown.
measure() {
  local line
  line="$("$1" "$IDLE")" || exit 1
  echo "$line" >>"$work/$1.txt"
  echo "bench:   $1 run $2: $line"
}

# One warm-up each (page cache, Fyne's files), then the runs alternate (bare, app, app,
# bare, ...) so that load from elsewhere on the machine falls on both alike.
echo "bench: startup and idle memory, $RUNS runs each of the bare window and the app (about $((RUNS * 24)) s)"
bare 0 >/dev/null
app 0 >/dev/null
for i in $(seq "$RUNS"); do
  if ((i % 2)); then order=(bare app); else order=(app bare); fi
  for who in "${order[@]}"; do measure "$who" "$i"; done
done

# median KEY FILE → the median of KEY over the runs in FILE
median() {
  sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "bench: due time → first platform request (200 posts, about 15 s)"
"$GO" test -count=1 -run '^$' -bench '^BenchmarkDueToRequest$' -benchtime 1x ./app/ | tee "$work/due.txt" >&2
echo "bench: month range query at 100k posts"
"$GO" test -count=1 -run '^$' -bench '^BenchmarkMonthRange$' ./services/store/ | tee "$work/range.txt" >&2
echo "bench: statistics at 100k posts and 1M snapshots"
"$GO" test -count=1 -run '^$' -bench '^BenchmarkStatsOverview100k$' ./services/store/ | tee "$work/stats.txt" >&2
echo "bench: calendar month with 2,000 posts"
"$GO" test -count=1 -run '^$' -bench '^BenchmarkCalendarMonth2000$' ./views/ | tee "$work/calendar.txt" >&2
echo "bench: CSV import of 500 rows validated (dry run)"
"$GO" test -count=1 -run '^$' -bench '^BenchmarkImportCSVValidate500$' ./app/ | tee "$work/csv.txt" >&2

# metric FILE BENCH UNIT → the value printed before UNIT on BENCH's result line
metric() {
  awk -v b="$2" -v u="$3" '$1 ~ "^"b"(-[0-9]+)?$" { for (i = 2; i <= NF; i++) if ($i == u) print $(i-1) }' "$1"
}

a_map=$(median mapped_ms "$work/app.txt")   b_map=$(median mapped_ms "$work/bare.txt")
a_frame=$(median frame_ms "$work/app.txt")  b_frame=$(median frame_ms "$work/bare.txt")
a_rss=$(median rss_kb "$work/app.txt")      b_rss=$(median rss_kb "$work/bare.txt")
p50=$(metric "$work/due.txt" BenchmarkDueToRequest p50-ms)
p99=$(metric "$work/due.txt" BenchmarkDueToRequest p99-ms)
range_ns=$(metric "$work/range.txt" BenchmarkMonthRange ns/op)
cal_ns=$(metric "$work/calendar.txt" BenchmarkCalendarMonth2000 ns/op)
stats_ns=$(metric "$work/stats.txt" BenchmarkStatsOverview100k ns/op)
csv_ns=$(metric "$work/csv.txt" BenchmarkImportCSVValidate500 ns/op)
for v in a_map b_map a_frame b_frame a_rss b_rss p50 p99 range_ns cal_ns stats_ns csv_ns; do
  [ -n "${!v}" ] || { echo "bench: no value for $v" >&2; exit 1; }
done

# runs KEY WHO [DIVISOR] → KEY of every run of WHO, in run order
runs() {
  sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$work/$2.txt" | awk -v d="${3:-1}" '{ printf "%s%.1f", (NR > 1 ? " " : ""), $1 / d }'
}

calc() { awk "BEGIN { printf \"$1\", $2 }"; }
verdict() { awk "BEGIN { print ($1) ? \"met\" : \"NOT MET\" }"; }

frame_ratio=$(calc %.2f "$a_frame / $b_frame")
map_ratio=$(calc %.2f "$a_map / $b_map")
rss_ratio=$(calc %.2f "$a_rss / $b_rss")
range_ms=$(calc %.2f "$range_ns / 1e6")
cal_ms=$(calc %.1f "$cal_ns / 1e6")
stats_ms=$(calc %.1f "$stats_ns / 1e6")
csv_ms=$(calc %.1f "$csv_ns / 1e6")

{
  echo "Webox Social — make bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) CPUs, $("$GO" env GOVERSION), Xvfb 1280x1024x24"
  echo
  printf '%-46s %12s %12s %7s\n' "Measure" "Webox Social" "Bare Fyne" "Ratio"
  printf '%-46s %12s %12s %7s\n' "----------------------------------------------" "------------" "------------" "-------"
  printf '%-46s %9s ms %9s ms %6sx\n' "Startup: exec to window mapped (median of $RUNS)" "$a_map" "$b_map" "$map_ratio"
  printf '%-46s %9s ms %9s ms %6sx\n' "Startup: exec to first painted frame (median)" "$a_frame" "$b_frame" "$frame_ratio"
  printf '%-46s %8s MiB %8s MiB %6sx\n' "Idle RSS 10 s after exec (median of $RUNS)" \
    "$(calc %.1f "$a_rss / 1024")" "$(calc %.1f "$b_rss / 1024")" "$rss_ratio"
  printf '%-46s %9s ms\n' "Due time to POST /api/v1/statuses, p50 (200)" "$(calc %.1f "$p50")"
  printf '%-46s %9s ms\n' "Due time to POST /api/v1/statuses, p99 (200)" "$(calc %.1f "$p99")"
  printf '%-46s %9s ms\n' "Month range query at 100k posts" "$range_ms"
  printf '%-46s %9s ms\n' "Calendar month with 2,000 posts rendered" "$cal_ms"
  printf '%-46s %9s ms\n' "Statistics, 100k posts and 1M snapshots" "$stats_ms"
  printf '%-46s %9s ms\n' "CSV import, 500 rows validated (dry run)" "$csv_ms"
  echo
  echo "Budgets (DESIGN.md §6):"
  echo "  startup to first frame ≤ 1.3× bare window: $(verdict "$frame_ratio <= 1.3") (${frame_ratio}×)"
  echo "  idle RSS ≤ 1.3× bare window:               $(verdict "$rss_ratio <= 1.3") (${rss_ratio}×)"
  echo "  due time → first request p99 ≤ 250 ms:     $(verdict "$p99 <= 250") ($(calc %.1f "$p99") ms)"
  echo "  range query at 100k posts ≤ 2 ms:          $(verdict "$range_ms <= 2") (${range_ms} ms)"
  echo "  calendar month, 2,000 posts ≤ 50 ms:       $(verdict "$cal_ms <= 50") (${cal_ms} ms)"
  echo "  statistics, 100k posts / 1M snapshots ≤ 100 ms: $(verdict "$stats_ms <= 100") (${stats_ms} ms)"
  echo "  CSV import, 500 rows validated < 2 s (issue 8): $(verdict "$csv_ms < 2000") (${csv_ms} ms)"
  echo
  echo "Runs, first painted frame in ms (in order): app $(runs frame_ms app), bare $(runs frame_ms bare)."
  echo "Runs, idle RSS in MiB: app $(runs rss_kb app 1024), bare $(runs rss_kb bare 1024)."
  echo
  echo "How: the app runs with ${POSTS} scheduled posts (seeded through store.CreatePost in"
  echo "  ${seed_line##* in }), none due during the run. Every run gets a fresh xvfb-run display"
  echo "  without a session bus (no tray); app and bare runs alternate, after one unmeasured"
  echo "  warm-up each. 'Mapped' is xdotool search --onlyvisible, polled every 5 ms (so up to"
  echo "  one xdotool call late). 'First painted frame' is the first moment the Xvfb"
  echo "  framebuffer (-fbdir), black before the run, shows ≥ 16 distinct pixel values:"
  echo "  the window has been drawn with its text; the startup budget is judged on it."
  echo "  RSS is VmRSS of /proc/PID/status 10 s after exec."
  echo "  Due latency: 20 accounts × 10 posts, one post per account due at each of 10"
  echo "  consecutive whole seconds (20 due together each second); real store, app.New with"
  echo "  the Mastodon connector, the strict fake on 127.0.0.1; from the due time to the"
  echo "  fake's OnStatusPost hook. The engine sleeps on one timer set to the earliest due"
  echo "  time (no polling; a 30 s wall-clock heartbeat only catches suspend/resume)."
  echo "  Range query: services/store BenchmarkMonthRange (ListPosts of one 31-day month, with"
  echo "  targets, out of 100k posts over 3 years), ns/op."
  echo "  CSV: app BenchmarkImportCSVValidate500 checks 500 rows (accounts, dates, each"
  echo "  network's limits, media files) against a real store without creating any, ns/op."
  echo "  Calendar: views BenchmarkCalendarMonth2000 builds the month grid of 2,000 posts from a"
  echo "  fake core and lays it out in a 1070×800 test window (Fyne's headless driver), ns/op."
} | tee "$REPORT"
