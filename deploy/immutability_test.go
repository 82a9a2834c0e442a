package deploy

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/evidence"
)

// TestEvidenceIsImmutable: the evidence records' container is the one immutable
// container of the generated form, and the Bicep gives it a time-based retention policy
// of evidenceRetentionDays, a parameter of the main template with a default of years,
// passed down to storage.bicep. (No Azure here: what ARM would do with it is in
// docs/evidence.md.)
func TestEvidenceIsImmutable(t *testing.T) {
	_, azure, _, aca := loadAll(t)
	c := azure.Component(evidence.Area)
	if c == nil || c.Spec.Type != typeBlob {
		t.Fatalf("components/azure has no %s blob binding", evidence.Area)
	}
	want := []string{c.Value("containerName")}
	if !slices.Equal(aca.Storage.Immutable, want) || !slices.Contains(aca.Storage.Containers, want[0]) {
		t.Errorf("generated storage.immutable = %v, containers %v; want %v among them", aca.Storage.Immutable, aca.Storage.Containers, want)
	}
	mustContain(t, "infra/modules/storage.bicep",
		"'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@",
		"for c in gen.storage.immutable",
		"name: '${name}/default/${c}/default'",
		"immutabilityPeriodSinceCreationInDays: evidenceRetentionDays",
		"allowProtectedAppendWrites: false",
		"param evidenceRetentionDays int",
	)
	if !strings.Contains(readFile(t, "infra/modules/resources.bicep"), "evidenceRetentionDays: evidenceRetentionDays") {
		t.Error("infra/modules/resources.bicep does not pass evidenceRetentionDays to storage.bicep")
	}
	main := readFile(t, "infra/main.bicep")
	m := regexp.MustCompile(`(?m)^param evidenceRetentionDays int = (\d+)$`).FindStringSubmatch(main)
	if m == nil || !strings.Contains(main, "evidenceRetentionDays: evidenceRetentionDays") {
		t.Fatal("infra/main.bicep does not declare evidenceRetentionDays with a default and pass it on")
	}
	// Azure accepts 1 to 146000 days; a retention of less than a year is no bank's.
	if days, _ := strconv.Atoi(m[1]); days < 365 || days > 146000 {
		t.Errorf("evidenceRetentionDays defaults to %d days", days)
	}
}
