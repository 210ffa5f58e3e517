//go:build stablecomponents

// Two things the stock RabbitMQ, MQTT and NATS JetStream pub/sub components of Dapr 1.16
// lack, added around them without changing their code (scripts/dapr/sidecart_components.go
// registers them through prefixed):
//
//   - topicPrefix (metadata): every topic is published and subscribed as <prefix><topic>, so
//     run profiles that share one broker keep their traffic apart (scripts/profile.mjs sets
//     it). The apps and Dapr's metadata API still see the topic names of docs/architecture.md.
//   - JetStream only: one durable consumer per topic, named <durableName>-<topic>. The stock
//     component gives every topic of an app the same durable consumer, so all but one of the
//     app's subscriptions fail (components-contrib issue #2385). And the stream named by
//     streamName is created, covering <topicPrefix>>, when it does not exist yet: JetStream
//     accepts messages only on subjects a stream covers. And each message is published with the
//     Nats-Msg-Id `<subject>:<CloudEvent id>`: the stock component uses the bare CloudEvent id,
//     and JetStream deduplicates by it across the whole stream, so an event dead-lettered within
//     the duplicate window (2 min) onto `<topic>.dlq` (the same event, the same stream) was
//     dropped as a duplicate of the original and lost. A repeat of one event on one subject is
//     still dropped.
package components

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nats-io/nats.go"

	"github.com/dapr/components-contrib/pubsub"
	"github.com/dapr/kit/logger"
)

const topicPrefixKey = "topicPrefix"

type prefixed struct {
	create    func(logger.Logger) pubsub.PubSub
	perTopic  bool // JetStream: a component instance (and so a durable consumer) per topic
	log       logger.Logger
	inner     pubsub.PubSub
	prefix    string
	meta      pubsub.Metadata
	lock      sync.Mutex
	perTopics []pubsub.PubSub
	nc        *nats.Conn            // JetStream: the connection this wrapper publishes on
	js        nats.JetStreamContext // and its JetStream context
}

// prefixedComponent wraps a pub/sub component factory with topicPrefix (and, with perTopic,
// the JetStream behaviour described above).
func prefixedComponent(create func(logger.Logger) pubsub.PubSub, perTopic bool) func(logger.Logger) pubsub.PubSub {
	return func(log logger.Logger) pubsub.PubSub {
		return &prefixed{create: create, perTopic: perTopic, log: log, inner: create(log)}
	}
}

// property reads a metadata property case-insensitively, as the components do.
func property(md pubsub.Metadata, name string) string {
	v, _ := md.GetProperty(name)
	return v
}

// withProperties copies the metadata, dropping topicPrefix and setting overrides.
func withProperties(md pubsub.Metadata, overrides map[string]string) pubsub.Metadata {
	out := md
	out.Properties = make(map[string]string, len(md.Properties)+len(overrides))
	for k, v := range md.Properties {
		if strings.EqualFold(k, topicPrefixKey) {
			continue
		}
		drop := false
		for o := range overrides {
			if strings.EqualFold(k, o) {
				drop = true
			}
		}
		if !drop {
			out.Properties[k] = v
		}
	}
	for k, v := range overrides {
		out.Properties[k] = v
	}
	return out
}

func (p *prefixed) Init(ctx context.Context, md pubsub.Metadata) error {
	p.prefix = property(md, topicPrefixKey)
	p.meta = withProperties(md, nil)
	if p.perTopic {
		if err := p.ensureStream(); err != nil {
			return err
		}
		nc, err := p.connect("sidecart-publisher")
		if err != nil {
			return fmt.Errorf("jetstream: connecting to publish: %w", err)
		}
		js, err := nc.JetStream()
		if err != nil {
			nc.Close()
			return err
		}
		p.nc, p.js = nc, js
	}
	return p.inner.Init(ctx, p.meta)
}

// connect opens a NATS connection of the wrapper's own (natsURL, and token when set).
func (p *prefixed) connect(name string) (*nats.Conn, error) {
	opts := []nats.Option{nats.Name(name)}
	if token := property(p.meta, "token"); token != "" {
		opts = append(opts, nats.Token(token))
	}
	return nats.Connect(property(p.meta, "natsURL"), opts...)
}

// ensureStream creates the JetStream stream named by streamName, covering every subject under
// topicPrefix, unless it exists.
func (p *prefixed) ensureStream() error {
	stream := property(p.meta, "streamName")
	if stream == "" {
		return nil
	}
	if p.prefix == "" {
		return fmt.Errorf("jetstream: streamName %q needs a topicPrefix for its subjects", stream)
	}
	nc, err := p.connect("sidecart-stream-check")
	if err != nil {
		return fmt.Errorf("jetstream: connecting to create stream %s: %w", stream, err)
	}
	defer nc.Close()
	js, err := nc.JetStream()
	if err != nil {
		return err
	}
	if _, err = js.StreamInfo(stream); err == nil {
		return nil
	} else if !errors.Is(err, nats.ErrStreamNotFound) {
		return fmt.Errorf("jetstream: reading stream %s: %w", stream, err)
	}
	_, err = js.AddStream(&nats.StreamConfig{
		Name:     stream,
		Subjects: []string{p.prefix + ">"},
		Storage:  nats.FileStorage,
		// Like the Redis broker's maxLenApprox: bounded, oldest dropped first.
		MaxMsgs: 100_000,
	})
	if err != nil && !errors.Is(err, nats.ErrStreamNameAlreadyInUse) {
		// Every sidecar in the component's scope starts at once: another one may have created the
		// stream between the check above and this call, and the server then answers "subjects
		// overlap with an existing stream" (seen on a new machine). Such a stream is ours.
		if _, again := js.StreamInfo(stream); again != nil {
			return fmt.Errorf("jetstream: creating stream %s for %s>: %w", stream, p.prefix, err)
		}
	}
	p.log.Infof("jetstream: stream %s covers %s>", stream, p.prefix)
	return nil
}

func (p *prefixed) Features() []pubsub.Feature { return p.inner.Features() }

func (p *prefixed) Publish(ctx context.Context, req *pubsub.PublishRequest) error {
	out := *req
	out.Topic = p.prefix + req.Topic
	if p.js == nil {
		return p.inner.Publish(ctx, &out)
	}
	// JetStream: deduplicated per subject (see the top of this file).
	opts := []nats.PubOpt{nats.Context(ctx)}
	if event, err := pubsub.FromCloudEvent(req.Data, "", "", "", ""); err == nil {
		if id, ok := event["id"].(string); ok && id != "" {
			opts = append(opts, nats.MsgId(out.Topic+":"+id))
		}
	}
	_, err := p.js.Publish(out.Topic, req.Data, opts...)
	return err
}

var unsafeInName = regexp.MustCompile(`[^A-Za-z0-9_-]`)

func (p *prefixed) Subscribe(ctx context.Context, req pubsub.SubscribeRequest, handler pubsub.Handler) error {
	topic := req.Topic
	req.Topic = p.prefix + topic
	unprefixed := func(ctx context.Context, msg *pubsub.NewMessage) error {
		msg.Topic = strings.TrimPrefix(msg.Topic, p.prefix)
		return handler(ctx, msg)
	}
	if !p.perTopic {
		return p.inner.Subscribe(ctx, req, unprefixed)
	}
	overrides := map[string]string{}
	if durable := property(p.meta, "durableName"); durable != "" {
		overrides["durableName"] = durable + "-" + unsafeInName.ReplaceAllString(req.Topic, "_")
	}
	sub := p.create(p.log)
	if err := sub.Init(ctx, withProperties(p.meta, overrides)); err != nil {
		return err
	}
	if err := sub.Subscribe(ctx, req, unprefixed); err != nil {
		_ = sub.Close()
		return err
	}
	p.lock.Lock()
	p.perTopics = append(p.perTopics, sub)
	p.lock.Unlock()
	// The runtime ends a subscription by cancelling its context (then it may subscribe anew).
	go func() {
		<-ctx.Done()
		p.lock.Lock()
		for i, s := range p.perTopics {
			if s == sub {
				p.perTopics = append(p.perTopics[:i], p.perTopics[i+1:]...)
				break
			}
		}
		p.lock.Unlock()
		_ = sub.Close()
	}()
	return nil
}

func (p *prefixed) Close() error {
	p.lock.Lock()
	subs := p.perTopics
	p.perTopics = nil
	p.lock.Unlock()
	errs := []error{p.inner.Close()}
	for _, s := range subs {
		errs = append(errs, s.Close())
	}
	if p.nc != nil {
		p.nc.Close()
	}
	return errors.Join(errs...)
}
