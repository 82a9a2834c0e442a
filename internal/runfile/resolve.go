package runfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// The per-app conventions the CLI checks before falling back to common.
const (
	localDaprDir   = ".dapr"
	localResources = "resources"
	localConfig    = "config.yaml"
)

// resolve applies the CLI's steps in the CLI's order (runfileconfig.GetApps): paths to
// absolute, resources and config by precedence, then common merged into every app.
func (f *File) resolve() error {
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	c := &f.Common
	// Common's paths are relative to the run file's folder.
	resolvePaths(f.Dir, "common", add, &c.ConfigFilePath, &c.ResourcesPath)
	resolvePaths(f.Dir, "common", add, ptrs(c.ResourcesPaths)...)
	c.ResourcesPaths = appendNonEmpty(c.ResourcesPaths, c.ResourcesPath)
	normalizeSizes(c)
	for i := range f.Apps {
		f.resolveApp(&f.Apps[i], appLabel(i, &f.Apps[i]), add)
	}
	errs = append(errs, f.validate()...)
	return errors.Join(errs...)
}

func (f *File) resolveApp(a *App, label string, add func(error)) {
	if a.AppDirPath == "" {
		add(fmt.Errorf("%s: required field appDirPath is missing", label))
		return
	}
	// appDirPath is relative to the run file; the app's other paths to appDirPath.
	resolvePaths(f.Dir, label, add, &a.AppDirPath)
	resolvePaths(a.AppDirPath, label, add, &a.ConfigFilePath, &a.ResourcesPath)
	resolvePaths(a.AppDirPath, label, add, ptrs(a.ResourcesPaths)...)
	a.ResourcesPaths = appendNonEmpty(a.ResourcesPaths, a.ResourcesPath)
	local := filepath.Join(a.AppDirPath, localDaprDir)
	// Precedence (CLI): app's own > <appDirPath>/.dapr/... > common. The CLI's last resort,
	// ~/.dapr, is left out on purpose: a user's ~/.dapr must not change what runs.
	if len(a.ResourcesPaths) == 0 && exists(filepath.Join(local, localResources)) {
		a.ResourcesPaths = []string{filepath.Join(local, localResources)}
	}
	if a.ConfigFilePath == "" && exists(filepath.Join(local, localConfig)) {
		a.ConfigFilePath = filepath.Join(local, localConfig)
	}
	normalizeSizes(&a.Shared)
	mergeShared(&a.Shared, &f.Common)
	if a.AppID == "" {
		a.AppID = filepath.Base(a.AppDirPath) // the CLI's default
	}
}

// mergeShared copies every common field the app leaves at its zero value, as the CLI's
// mergeCommonAndAppsSharedRunConfig does; env is merged key by key, the app's keys winning.
func mergeShared(app, common *Shared) {
	av, cv := reflect.ValueOf(app).Elem(), reflect.ValueOf(common).Elem()
	for i := range av.NumField() {
		if av.Type().Field(i).Name == "Env" {
			continue
		}
		if av.Field(i).IsZero() {
			av.Field(i).Set(cv.Field(i))
		}
	}
	env := make(map[string]string, len(common.Env)+len(app.Env))
	for k, v := range common.Env {
		env[k] = v
	}
	for k, v := range app.Env {
		env[k] = v
	}
	app.Env = env
}

// normalizeSizes turns the older integer fields into today's quantities, so one field
// (MaxBodySize, ReadBufferSize) carries the value; the newer field wins when both are set.
func normalizeSizes(s *Shared) {
	if s.MaxBodySize == "" && s.DaprHTTPMaxRequestSize > 0 {
		s.MaxBodySize = fmt.Sprintf("%dMi", s.DaprHTTPMaxRequestSize)
	}
	if s.ReadBufferSize == "" && s.DaprHTTPReadBufferSize > 0 {
		s.ReadBufferSize = fmt.Sprintf("%dKi", s.DaprHTTPReadBufferSize)
	}
}

// resolvePaths makes each non-empty path absolute against base (expanding a leading ~ as
// the CLI does) and reports paths that do not exist.
func resolvePaths(base, label string, add func(error), paths ...*string) {
	for _, p := range paths {
		if *p == "" {
			continue
		}
		if *p == "~" || strings.HasPrefix(*p, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				*p = filepath.Join(home, (*p)[1:])
			}
		}
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(base, *p)
		}
		*p = filepath.Clean(*p)
		if !exists(*p) {
			add(fmt.Errorf("%s: path %s does not exist", label, *p))
		}
	}
}

func ptrs(s []string) []*string {
	out := make([]*string, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

func appendNonEmpty(s []string, v string) []string {
	if strings.TrimSpace(v) == "" {
		return s
	}
	return append(s, v)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func appLabel(i int, a *App) string {
	if a.AppID != "" {
		return fmt.Sprintf("apps[%d] (%s)", i, a.AppID)
	}
	return fmt.Sprintf("apps[%d]", i)
}
