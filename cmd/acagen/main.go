// acagen writes the Azure Container Apps form of the Azure profile: Dapr components and
// resiliency policies in Container Apps' schema, the Service Bus topology, storage
// entities and each app's access and scale rules (infra/generated/aca.json, read by the
// Bicep), a Dockerfile per app, azd's azure.yaml and main.parameters.json. Its inputs are
// components/azure, dapr.yaml and internal/events; deploy/check_test.go fails when the
// written files differ from what acagen would write now.
//
//	go run ./cmd/acagen [-root DIR]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/paychoreo/choreography/deploy"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "acagen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("acagen", flag.ContinueOnError)
	root := fs.String("root", ".", "repository root (where dapr.yaml is)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files, err := deploy.Generate(*root)
	if err != nil {
		return err
	}
	if err := deploy.Write(*root, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "acagen: wrote %d files\n", len(files))
	return nil
}
