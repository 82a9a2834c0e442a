package step

import "sync"

// KeyLocks serialises, within one process, the read-modify-write cycles of one state key
// at a time. Optimistic concurrency (the ETag) keeps a key right across replicas; but
// deliveries handled at once by the same process (pubsub concurrency) that change the
// same key, such as a sender's daily usage or the tracker's lists, would mostly lose the
// ETag race to each other and read and write the key again, which costs the most when
// the key is large. Holding the key's lock around the cycle removes those losses.
type KeyLocks struct{ m sync.Map }

// Lock locks key and returns its unlock.
func (k *KeyLocks) Lock(key string) (unlock func()) {
	v, _ := k.m.LoadOrStore(key, &sync.Mutex{})
	mu := v.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}
