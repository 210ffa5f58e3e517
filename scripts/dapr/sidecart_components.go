//go:build stablecomponents

// Sidecart's daprd registers only the components the project documents in
// components/ (and their documented alternatives). Building the stock
// "stablecomponents" set would pull every cloud SDK into the binary and take
// several times longer to compile on a 2-core machine.
//
// scripts/setup copies this file into a build copy of github.com/dapr/dapr's
// cmd/daprd/components folder after removing the upstream registration files.
package components

import (
	awss3 "github.com/dapr/components-contrib/bindings/aws/s3"
	"github.com/dapr/components-contrib/bindings/localstorage"
	"github.com/dapr/components-contrib/bindings/smtp"
	mdns "github.com/dapr/components-contrib/nameresolution/mdns"
	nrsqlite "github.com/dapr/components-contrib/nameresolution/sqlite"
	"github.com/dapr/components-contrib/pubsub/jetstream"
	mqtt3 "github.com/dapr/components-contrib/pubsub/mqtt3"
	"github.com/dapr/components-contrib/pubsub/rabbitmq"
	pubsubredis "github.com/dapr/components-contrib/pubsub/redis"
	envsecrets "github.com/dapr/components-contrib/secretstores/local/env"
	filesecrets "github.com/dapr/components-contrib/secretstores/local/file"
	"github.com/dapr/components-contrib/state/mongodb"
	"github.com/dapr/components-contrib/state/mysql"
	pgv1 "github.com/dapr/components-contrib/state/postgresql/v1"
	pgv2 "github.com/dapr/components-contrib/state/postgresql/v2"
	stateredis "github.com/dapr/components-contrib/state/redis"

	"github.com/dapr/dapr/pkg/components"
	bindingsLoader "github.com/dapr/dapr/pkg/components/bindings"
	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
	secretstoresLoader "github.com/dapr/dapr/pkg/components/secretstores"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
)

func init() {
	// Name resolution: mDNS is the self-hosted default; sqlite is the fallback
	// for hosts where multicast is unavailable.
	nrLoader.DefaultRegistry.RegisterComponent(mdns.NewResolver, "mdns")
	nrLoader.DefaultRegistry.RegisterComponent(nrsqlite.NewResolver, "sqlite")

	// pub/sub "pubsub": Redis Streams by default; RabbitMQ, NATS JetStream, MQTT by YAML swap,
	// each with a topicPrefix, and JetStream with a consumer per topic (sidecart_pubsub.go);
	// RabbitMQ keeps dead letters in a queue per `<topic>.dlq` (sidecart_deadletter.go).
	pubsubLoader.DefaultRegistry.RegisterComponent(pubsubredis.NewRedisStreams, "redis")
	pubsubLoader.DefaultRegistry.RegisterComponent(withDeadLetterQueues(prefixedComponent(rabbitmq.NewRabbitMQ, false)), "rabbitmq")
	pubsubLoader.DefaultRegistry.RegisterComponent(prefixedComponent(jetstream.NewJetStream, true), "jetstream")
	pubsubLoader.DefaultRegistry.RegisterComponent(prefixedComponent(mqtt3.NewMQTTPubSub, false), "mqtt3", "mqtt")

	// state "statestore": PostgreSQL by default; by YAML swap (components/alternatives/) Redis,
	// MySQL/MariaDB, or MongoDB where a real MongoDB runs.
	stateLoader.DefaultRegistry.RegisterComponentWithVersions("postgresql", components.Versioning{
		Preferred: components.VersionConstructor{Version: "v2", Constructor: pgv2.NewPostgreSQLStateStore},
		Others:    []components.VersionConstructor{{Version: "v1", Constructor: pgv1.NewPostgreSQLStateStore}},
		Default:   "v1",
	})
	stateLoader.DefaultRegistry.RegisterComponent(mongodb.NewMongoDB, "mongodb")
	stateLoader.DefaultRegistry.RegisterComponent(stateredis.NewRedisStateStore, "redis")
	stateLoader.DefaultRegistry.RegisterComponent(mysql.NewMySQLStateStore, "mysql")

	// secrets "secretstore": a git-ignored local file by default, or the environment.
	secretstoresLoader.DefaultRegistry.RegisterComponent(filesecrets.NewLocalSecretStore, "local.file")
	secretstoresLoader.DefaultRegistry.RegisterComponent(envsecrets.NewEnvSecretStore, "local.env")

	// output binding "images" (product pictures): a local folder by default, or any
	// S3-compatible object store by YAML swap (components/alternatives/images-s3.yaml).
	bindingsLoader.DefaultRegistry.RegisterOutputBinding(localstorage.NewLocalStorage, "localstorage")
	bindingsLoader.DefaultRegistry.RegisterOutputBinding(awss3.NewAWSS3, "aws.s3")

	// output binding "email": SMTP, to the local mail catcher (mailpit) by default, or any SMTP server.
	bindingsLoader.DefaultRegistry.RegisterOutputBinding(smtp.NewSMTP, "smtp")
}
