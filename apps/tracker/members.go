package main

import "sync"

// members remembers the list memberships this process wrote (a file in its day's list,
// a file in the open list), so that the events after a file's first do not read a list
// that grows with the day's files only to find the file already in it. Entries leave
// when the process removes them (closeOpen); nothing else takes a file out of a list
// while it is not final, and a final file's events close instead of adding.
var members = &memberSet{m: map[string]bool{}}

// maxMembers bounds the set; past it, it starts again empty (lists are then read again).
const maxMembers = 200_000

type memberSet struct {
	mu sync.Mutex
	m  map[string]bool
}

func memberKey(list, id string) string { return list + "\x00" + id }

func (s *memberSet) has(list, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[memberKey(list, id)]
}

func (s *memberSet) add(list, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= maxMembers {
		s.m = map[string]bool{}
	}
	s.m[memberKey(list, id)] = true
}

func (s *memberSet) remove(list, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, memberKey(list, id))
}
