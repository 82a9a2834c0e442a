package testpipe

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// Do runs one command against the pipeline's Redis database with the plain RESP
// protocol, so tests look where a person would (dead-letter streams) without a client
// library.
func (p *Pipeline) Do(args ...string) (any, error) { return RedisDo(p.Redis, p.DB, args...) }

// RedisDo runs one command against database db of the Redis at addr.
func RedisDo(addr string, db int, args ...string) (any, error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	w := bufio.NewWriter(c)
	for _, cmd := range [][]string{{"SELECT", strconv.Itoa(db)}, args} {
		fmt.Fprintf(w, "*%d\r\n", len(cmd))
		for _, a := range cmd {
			fmt.Fprintf(w, "$%d\r\n%s\r\n", len(a), a)
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	r := bufio.NewReader(c)
	if _, err := readRESP(r); err != nil {
		return nil, err
	}
	return readRESP(r)
}

func readRESP(r *bufio.Reader) (any, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimRight(line, "\r\n")
	switch line[0] {
	case '+':
		return line[1:], nil
	case '-':
		return nil, fmt.Errorf("redis: %s", line[1:])
	case ':':
		return strconv.ParseInt(line[1:], 10, 64)
	case '$':
		n, _ := strconv.Atoi(line[1:])
		if n < 0 {
			return nil, nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, _ := strconv.Atoi(line[1:])
		out := make([]any, 0, max(n, 0))
		for i := 0; i < n; i++ {
			v, err := readRESP(r)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	return nil, fmt.Errorf("redis: unexpected reply %q", line)
}
