// loyalty is a newcomer to the order choreography: a service another team writes later,
// that awards a point per whole euro of every confirmed order. It joins by being started
// with its own run file (dapr.yaml beside this file) and its own resources, and nothing
// else: it reads the public orders bus as the event catalog (docs/events.md) and the
// contracts (contracts/) describe it, and no file of any other app, component or
// subscription changes. TestAddAServiceWithoutTouchingTheOthers starts and stops it.
//
// It uses the standard library only: a Dapr app is an HTTP server that lists its
// subscriptions at /dapr/subscribe and answers each event with a status. It checks the
// sidecar's token on every route but /healthz, acknowledges a redelivered event id with
// no second effect, and keeps what it received in memory (GET /received).
package main

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
)

// topics are every business topic of the orders bus (docs/events.md).
var topics = []string{"order.created", "stock.reserved", "stock.unavailable", "stock.released", "payment.authorised",
	"payment.declined", "payment.voided", "order.confirmed", "order.cancelled"}

type loyalty struct {
	mu       sync.Mutex
	seen     map[string]bool     // topic + " " + event id
	received map[string][]string // topic -> event ids, once each
	points   map[string]int64    // customer id -> points
	log      *slog.Logger
}

func main() {
	token := os.Getenv("APP_API_TOKEN")
	if token == "" {
		fmt.Fprintln(os.Stderr, "loyalty: APP_API_TOKEN is required")
		os.Exit(1)
	}
	l := &loyalty{seen: map[string]bool{}, received: map[string][]string{}, points: map[string]int64{},
		log: slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("app", "loyalty")}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /dapr/subscribe", func(w http.ResponseWriter, _ *http.Request) {
		var subs []map[string]string
		for _, t := range topics {
			subs = append(subs, map[string]string{"pubsubname": "orders", "topic": t, "route": "/events/" + t,
				"deadLetterTopic": "deadletter.orders.loyalty"})
		}
		json.NewEncoder(w).Encode(subs)
	})
	mux.HandleFunc("POST /events/{topic}", l.event)
	mux.HandleFunc("GET /received", l.report)
	root := http.NewServeMux()
	root.HandleFunc("GET /healthz", func(http.ResponseWriter, *http.Request) {})
	root.Handle("/", requireToken(token, mux))
	ln, err := net.Listen("tcp", "127.0.0.1:"+os.Getenv("APP_PORT"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "loyalty:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: root}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); srv.Shutdown(context.Background()) }()
	l.log.Info("serving", "subscriptions", len(topics))
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "loyalty:", err)
		os.Exit(1)
	}
}

func requireToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("dapr-api-token")), []byte(token)) != 1 {
			http.Error(w, "missing or wrong dapr-api-token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// event takes one CloudEvent; a confirmed order earns its customer a point per euro.
func (l *loyalty) event(w http.ResponseWriter, r *http.Request) {
	var ce struct {
		ID   string `json:"id"`
		Data struct {
			OrderID  string `json:"order_id"`
			Total    string `json:"total"`
			Customer struct {
				ID string `json:"id"`
			} `json:"customer"`
		} `json:"data"`
	}
	topic := r.PathValue("topic")
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewDecoder(r.Body).Decode(&ce); err != nil || ce.ID == "" {
		fmt.Fprint(w, `{"status":"DROP"}`)
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[topic+" "+ce.ID] {
		l.log.Info("duplicate delivery acknowledged", "event_id", ce.ID, "topic", topic)
		fmt.Fprint(w, `{"status":"SUCCESS"}`)
		return
	}
	l.seen[topic+" "+ce.ID] = true
	l.received[topic] = append(l.received[topic], ce.ID)
	if topic == "order.confirmed" {
		euros, _, _ := strings.Cut(ce.Data.Total, ".")
		if n, ok := new(big.Int).SetString(euros, 10); ok {
			l.points[ce.Data.Customer.ID] += n.Int64()
		}
	}
	l.log.Info("event received", "event_id", ce.ID, "topic", topic, "order_id", ce.Data.OrderID)
	fmt.Fprint(w, `{"status":"SUCCESS"}`)
}

// report answers GET /received: the event ids taken per topic, and the points.
func (l *loyalty) report(w http.ResponseWriter, _ *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"received": l.received, "points": l.points})
}
