#!/bin/bash
# Nightly backups of the bot's database into /backups, the newest 14 kept, and restores.
#   backup.sh          run for ever: one dump at start when there is none, then one every
#                      night at BACKUP_AT (UTC, HH:MM; default 19:30 = 02:30 in Vietnam)
#   backup.sh now      one dump now
#   backup.sh restore FILE
#                      load FILE (a dump of this script) into the database, which must be
#                      empty: stop the bot first (see README, "Production with Docker")
set -euo pipefail
: "${MONGO_HOST:=rs0/mongo:27017}" "${APP_DB:=reportbot}" "${BACKUP_USER:=reportbot_backup}" "${BACKUP_AT:=19:30}" "${KEEP:=14}"
dir=/backups

# conn writes mongodump/mongorestore --config with a password, so it is never an argument.
conn() {
	local cfg
	cfg=$(mktemp)
	chmod 600 "$cfg"
	printf 'password: "%s"\n' "$(cat "$1")" >"$cfg"
	echo "$cfg"
}

dump() {
	local name cfg
	name="$dir/$APP_DB-$(date -u +%Y%m%dT%H%M%SZ).archive.gz"
	cfg=$(conn /run/secrets/mongo_backup_password)
	mongodump --host "$MONGO_HOST" --username "$BACKUP_USER" --authenticationDatabase "$APP_DB" \
		--config "$cfg" --db "$APP_DB" --gzip --archive="$name.tmp" --quiet
	rm -f "$cfg"
	mv "$name.tmp" "$name"
	ls -1t "$dir/$APP_DB"-*.archive.gz | tail -n +"$((KEEP + 1))" | xargs -r rm --
	echo "backup: wrote $name"
}

case "${1:-loop}" in
now)
	dump
	;;
restore)
	file=${2:?usage: backup.sh restore FILE}
	cfg=$(conn /run/secrets/mongo_root_password)
	n=$(mongosh --quiet --host "$MONGO_HOST" -u root --authenticationDatabase admin -p "$(cat /run/secrets/mongo_root_password)" \
		--eval "db.getSiblingDB('$APP_DB').getCollectionNames().length")
	if [ "$n" != 0 ]; then
		echo "backup: $APP_DB holds $n collections; restore only into an empty database (see README)" >&2
		exit 1
	fi
	mongorestore --host "$MONGO_HOST" --username root --authenticationDatabase admin --config "$cfg" \
		--nsInclude "$APP_DB.*" --gzip --archive="$file"
	rm -f "$cfg"
	;;
loop)
	ls "$dir/$APP_DB"-*.archive.gz >/dev/null 2>&1 || dump
	while :; do
		now=$(date -u +%s)
		next=$(date -u -d "today $BACKUP_AT" +%s)
		[ "$next" -le "$now" ] && next=$(date -u -d "tomorrow $BACKUP_AT" +%s)
		sleep "$((next - now))"
		dump || echo "backup: the dump failed; trying again tomorrow" >&2
	done
	;;
*)
	echo "usage: backup.sh [now | restore FILE]" >&2
	exit 2
	;;
esac
