// Package deploy holds no code: its tests check the deployment files at the repository's
// root (docker-compose.yml, docker-compose.webhook.yml, deploy/, the README's production
// section) against what the bot reads.
package deploy
