#!/usr/bin/env bash
# Golden end-to-end cases: one folder per case under t/golden/.
#
#   cmd           the tfauth arguments, one line, split like a shell would
#   env           optional: NAME=value lines; values go through printf %b, so
#                 \n, \r, \t, \xHH and \\ write control bytes
#   home/         optional: the fake HOME (copied to a fresh temp dir)
#   work/         optional: the working directory (copied likewise)
#   stdin         optional: fed to standard input (default: /dev/null)
#   modes         optional: "MODE PATH" lines (PATH relative to the fake HOME)
#                 applied after the copy; otherwise every file under home/ is
#                 0600 and every directory 0700, as `aws configure` leaves
#                 them, whatever the checkout's umask
#   expect/stdout expect/stderr expect/exit   what tfauth must print and return
#
# tfauth runs under `env -i` with only HOME, PATH, TFAUTH_TEST_NOW and the
# case's variables. In the output, the temp HOME and work paths read $HOME
# and $WORK. TFAUTH_GOLDEN_UPDATE=1 rewrites expect/ (review the diff!).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
filter=${1:-}
cases=()
for d in "$here"/golden/*/; do
	d=${d%/}
	[ -f "$d/cmd" ] || continue
	[ -n "$filter" ] && [[ $(basename "$d") != *$filter* ]] && continue
	cases+=("$d")
done
echo "1..$(( ${#cases[@]} * 3 ))"
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in "${cases[@]}"; do
	name=$(basename "$d")
	rm -rf "$tmp/run"; mkdir -p "$tmp/run/home" "$tmp/run/work"
	[ -d "$d/home" ] && cp -a "$d/home/." "$tmp/run/home/"
	[ -d "$d/work" ] && cp -a "$d/work/." "$tmp/run/work/"
	find "$tmp/run/home" -type d -exec chmod 700 {} + ; find "$tmp/run/home" -type f -exec chmod 600 {} +
	if [ -f "$d/modes" ]; then
		while read -r mode path; do chmod "$mode" "$tmp/run/home/$path"; done < "$d/modes"
	fi
	envargs=(HOME="$tmp/run/home" PATH=/usr/bin:/bin TFAUTH_TEST_NOW=2026-11-28T12:00:00Z)
	if [ -f "$d/env" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			[ -z "$line" ] && continue
			case $line in \#*) continue ;; esac
			k=${line%%=*}; v=${line#*=}
			v=${v//@HOME@/$tmp/run/home}; v=${v//@WORK@/$tmp/run/work}
			v=$(printf '%b' "$v"; echo x); v=${v%x} # keep trailing newlines
			envargs+=("$k=$v")
		done < "$d/env"
	fi
	read -r -a args < "$d/cmd"
	in=/dev/null; [ -f "$d/stdin" ] && in="$d/stdin"
	( cd "$tmp/run/work" && timeout 60 env -i "${envargs[@]}" "$tfauth" "${args[@]}" \
		< "$in" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/code" )
	for f in out err; do
		sed -i -e "s|$tmp/run/home|\$HOME|g" -e "s|$tmp/run/work|\$WORK|g" "$tmp/$f"
	done
	if [ -n "${TFAUTH_GOLDEN_UPDATE:-}" ]; then
		mkdir -p "$d/expect"
		cp "$tmp/out" "$d/expect/stdout"; cp "$tmp/err" "$d/expect/stderr"
		cp "$tmp/code" "$d/expect/exit"
	fi
	for pair in "stdout:out" "stderr:err" "exit:code"; do
		want="$d/expect/${pair%%:*}"; got="$tmp/${pair#*:}"
		n=$((n + 1))
		if [ -f "$want" ] && cmp -s "$want" "$got"; then
			echo "ok $n - $name ${pair%%:*}"
		else
			echo "not ok $n - $name ${pair%%:*}"
			if [ -f "$want" ]; then diff -u "$want" "$got" | sed 's/^/# /' | head -40
			else echo "# missing $want"; fi
		fi
	done
done
