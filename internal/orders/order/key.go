package order

// CheckKey wants an idempotency key of 1 to 128 visible ASCII characters.
func CheckKey(k string) *Problem {
	if k == "" {
		return &Problem{Field: "Idempotency-Key", Code: "IDEMPOTENCY_KEY_REQUIRED",
			Message: "send an Idempotency-Key header (e.g. a UUID) so that a retried submission is recognised"}
	}
	if len(k) > 128 {
		return &Problem{Field: "Idempotency-Key", Code: "INVALID_IDEMPOTENCY_KEY", Message: "at most 128 characters"}
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return &Problem{Field: "Idempotency-Key", Code: "INVALID_IDEMPOTENCY_KEY", Message: "visible ASCII characters only"}
		}
	}
	return nil
}
