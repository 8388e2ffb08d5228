#!/bin/bash
# Makes the MongoDB of docker-compose.yml ready for the bot, idempotently: it initiates the
# one-member replica set rs0, creates the root user (the first user, through MongoDB's
# localhost exception: this container shares the mongo container's network, see
# network_mode), then creates or updates the application user (readWrite on the bot's
# database only) and the backup user (read on it only). Run it again at any time: every
# step checks first, and changed passwords in the secret files are applied.
set -euo pipefail
: "${MONGO_HOST:=mongo:27017}" "${APP_DB:=reportbot}" "${APP_USER:=reportbot}" "${BACKUP_USER:=reportbot_backup}"
root_pw=$(cat /run/secrets/mongo_root_password)
app_pw=$(cat /run/secrets/mongo_app_password)
backup_pw=$(cat /run/secrets/mongo_backup_password)
local=(mongosh --quiet --host 127.0.0.1 --port 27017)

for i in $(seq 1 60); do
	"${local[@]}" --eval 'db.adminCommand({ping: 1}).ok' >/dev/null 2>&1 && break
	[ "$i" = 60 ] && { echo "mongo-init: mongod does not answer" >&2; exit 1; }
	sleep 2
done

# The replica set: hello works without a user; an uninitiated member has no setName.
if [ "$("${local[@]}" --eval 'print(db.hello().setName ? "yes" : "no")')" != "yes" ]; then
	echo "mongo-init: initiating replica set rs0 as $MONGO_HOST"
	"${local[@]}" --eval "rs.initiate({_id: 'rs0', members: [{_id: 0, host: '$MONGO_HOST'}]})" >/dev/null
fi
for i in $(seq 1 60); do
	[ "$("${local[@]}" --eval 'print(db.hello().isWritablePrimary ? "yes" : "no")')" = "yes" ] && break
	[ "$i" = 60 ] && { echo "mongo-init: rs0 has no primary" >&2; exit 1; }
	sleep 2
done

# The root user: the first user is created through the localhost exception, once.
export ROOT_PW="$root_pw" APP_PW="$app_pw" BACKUP_PW="$backup_pw" APP_DB APP_USER BACKUP_USER
if ! "${local[@]}" -u root -p "$root_pw" --authenticationDatabase admin --eval 'db.runCommand({connectionStatus: 1}).ok' >/dev/null 2>&1; then
	echo "mongo-init: creating the root user"
	if ! "${local[@]}" --eval 'db.getSiblingDB("admin").createUser({user: "root", pwd: process.env.ROOT_PW, roles: ["root"]})' >/dev/null; then
		echo "mongo-init: the root user exists but secrets/mongo_root_password does not match it" >&2
		exit 1
	fi
fi

# The application and backup users, least rights: only the bot's database.
"${local[@]}" -u root -p "$root_pw" --authenticationDatabase admin --eval '
const d = db.getSiblingDB(process.env.APP_DB);
for (const [user, pwd, role] of [[process.env.APP_USER, process.env.APP_PW, "readWrite"],
                                 [process.env.BACKUP_USER, process.env.BACKUP_PW, "read"]]) {
  const roles = [{role: role, db: process.env.APP_DB}];
  if (d.getUser(user)) { d.updateUser(user, {pwd: pwd, roles: roles}); print("updated " + user); }
  else { d.createUser({user: user, pwd: pwd, roles: roles}); print("created " + user); }
}'
echo "mongo-init: ready"
