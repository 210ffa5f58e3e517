// Package contracts embeds the JSON Schemas this service vendors from the project's published
// contracts (packages/contracts/schemas/). A Go test fails when a copy here differs from the
// published file; refresh it with `cp ../../packages/contracts/schemas/events/order.confirmed.schema.json contracts/`.
package contracts

import _ "embed"

// OrderConfirmed is the JSON Schema (draft 2020-12) of an `order.confirmed` payload.
//
//go:embed order.confirmed.schema.json
var OrderConfirmed []byte
