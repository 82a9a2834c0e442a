package refdata_test

import (
	"testing"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/refdata/refdatatest"
)

func TestMemoryStoreContract(t *testing.T) { refdatatest.StoreContract(t, &refdata.Memory{}) }
