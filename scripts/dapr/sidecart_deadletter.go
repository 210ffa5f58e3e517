//go:build stablecomponents

// Dead letters kept on RabbitMQ. daprd sends an event whose handler kept failing to the topic
// `<topic>.dlq` (the apps' subscriptions name it), which the RabbitMQ component publishes to
// a fanout exchange of that name; with no queue bound to it RabbitMQ drops the message. Before
// the first publish to a `.dlq` topic this wrapper binds a durable queue of the same name
// (`<topicPrefix><topic>.dlq`) to the exchange, where the dead letters wait for
// `npm run dlq -- list | replay` (packages/dlq). The exchange is declared exactly as the
// component declares it (exchangeKind, durable, deletedWhenUnused), so either may come first.
package components

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/dapr/components-contrib/pubsub"
	"github.com/dapr/kit/logger"
)

const deadLetterSuffix = ".dlq"

type rabbitDeadLetters struct {
	pubsub.PubSub
	log      logger.Logger
	prefix   string
	url      string
	kind     string
	durable  bool
	autoDel  bool
	lock     sync.Mutex
	declared map[string]bool
}

// withDeadLetterQueues wraps the (prefixed) RabbitMQ component factory.
func withDeadLetterQueues(create func(logger.Logger) pubsub.PubSub) func(logger.Logger) pubsub.PubSub {
	return func(log logger.Logger) pubsub.PubSub {
		return &rabbitDeadLetters{PubSub: create(log), log: log, declared: map[string]bool{}}
	}
}

// boolProperty reads a boolean metadata property with the component's default.
func boolProperty(md pubsub.Metadata, name string, fallback bool) bool {
	v := property(md, name)
	if v == "" {
		return fallback
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fallback
	}
	return b
}

func (r *rabbitDeadLetters) Init(ctx context.Context, md pubsub.Metadata) error {
	r.prefix = property(md, topicPrefixKey)
	r.url = property(md, "connectionString")
	r.kind = property(md, "exchangeKind")
	if r.kind == "" {
		r.kind = "fanout"
	}
	// The component's defaults (components-contrib pubsub/rabbitmq/metadata.go).
	r.durable = boolProperty(md, "durable", false)
	r.autoDel = boolProperty(md, "deletedWhenUnused", true)
	return r.PubSub.Init(ctx, md)
}

func (r *rabbitDeadLetters) Publish(ctx context.Context, req *pubsub.PublishRequest) error {
	if strings.HasSuffix(req.Topic, deadLetterSuffix) {
		if err := r.ensureQueue(r.prefix + req.Topic); err != nil {
			return fmt.Errorf("rabbitmq: keeping dead letters of %s: %w", req.Topic, err)
		}
	}
	return r.PubSub.Publish(ctx, req)
}

// ensureQueue declares the exchange and a durable queue of the same name bound to it, once
// per process (declarations are idempotent, so another sidecar doing the same is harmless).
func (r *rabbitDeadLetters) ensureQueue(name string) error {
	r.lock.Lock()
	defer r.lock.Unlock()
	if r.declared[name] {
		return nil
	}
	if r.url == "" {
		return fmt.Errorf("no connectionString to declare queue %s with", name)
	}
	conn, err := amqp.Dial(r.url)
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	defer ch.Close()
	if err = ch.ExchangeDeclare(name, r.kind, r.durable, r.autoDel, false, false, nil); err != nil {
		return err
	}
	if _, err = ch.QueueDeclare(name, true, false, false, false, nil); err != nil {
		return err
	}
	if err = ch.QueueBind(name, "", name, false, nil); err != nil {
		return err
	}
	r.declared[name] = true
	r.log.Infof("rabbitmq: dead letters of %s are kept in queue %s", strings.TrimPrefix(name, r.prefix), name)
	return nil
}
