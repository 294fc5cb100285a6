#!/bin/bash
# Crash consistency of `jpm start` (issue 8, finding 4; DESIGN.md decision 13).
# Usage: bench/kill_during_start.sh <jpm.jar> <idle-app.jar> [tries]
# Each try: a fresh JPM_HOME, the daemon up, `jpm start <idle-app.jar> -i 3` in the background, and the
# daemon killed -9 the moment daemon.log shows its first launch, i.e. in the middle of the start. Then
# `jpm list --json` (a new daemon) and `jpm kill`. Counts the tries where a running instance of the home
# is missing from the list, where one survives `jpm kill`, and where *.tmp files are left in the home.
set -u
JAR=$1; APP=$2; TRIES=${3:-10}; J="java -cp $JAR dev.jpm.cli.Main"
missing=0; survived=0; tmpleft=0
for i in $(seq 1 "$TRIES"); do
  H=$(mktemp -d /tmp/jpm-kds-XXXX); export JPM_HOME=$H NO_COLOR=1
  cp "$APP" "$H/app.jar"
  $J ping >/dev/null 2>&1
  $J start "$H/app.jar" -i 3 --name s >/dev/null 2>&1 &
  cli=$!
  for _ in $(seq 1 20000); do grep -q "started s#0" "$H/daemon.log" && break; sleep 0.002; done
  kill -9 "$(cat "$H/daemon.pid")"; wait $cli 2>/dev/null
  listed=$($J list --json 2>/dev/null | grep -o '"pid" *: *[0-9]*' | grep -o '[0-9]*$' | sort)
  running=$(pgrep -f "$H/app.jar" | sort)
  unlisted=$(comm -13 <(echo "$listed") <(echo "$running") | grep -c .)
  [ "$unlisted" -gt 0 ] && missing=$((missing+1))
  $J kill >/dev/null 2>&1
  sleep 0.5
  left=$(pgrep -f "$H/app.jar" | grep -c .)
  [ "$left" -gt 0 ] && survived=$((survived+1))
  ls "$H" | grep -q '\.tmp$' && tmpleft=$((tmpleft+1))
  echo "try $i: running=$(echo $running | wc -w) listed=$(echo $listed | wc -w) unlisted=$unlisted after_kill=$left"
  pkill -9 -f "$H/app.jar"; rm -rf "$H"
done
echo "$JAR: $missing/$TRIES tries with a running instance missing from list; $survived/$TRIES with one surviving kill; $tmpleft/$TRIES with *.tmp left"
