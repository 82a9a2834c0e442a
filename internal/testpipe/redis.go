package testpipe

import (
	"time"

	"github.com/paychoreo/choreography/internal/resp"
)

// Do runs one command against the pipeline's Redis database with the plain RESP
// protocol, so tests look where a person would (dead-letter streams) without a client
// library.
func (p *Pipeline) Do(args ...string) (any, error) { return RedisDo(p.Redis, p.DB, args...) }

// RedisDo runs one command against database db of the Redis at addr.
func RedisDo(addr string, db int, args ...string) (any, error) {
	return resp.Do(addr, db, 10*time.Second, args...)
}
