// go-oracle - what Debian's Go AWS SDKs see in the current environment:
// aws-sdk-go v1 (golang-github-aws-aws-sdk-go-dev, the real go-v1 code)
// and aws-sdk-go-v2 before its 2023 INI rewrite
// (golang-github-aws-aws-sdk-go-v2-dev). Prints one JSON object:
// {"go-v1": {...}, "go-v2-old": {...}}, each with the selected profile,
// an error class, and the resolved aws_access_key_id and region as hex.
// Built offline in GOPATH mode by t/files-go.t; never contacts anything
// (the tests set AWS_EC2_METADATA_DISABLED=true and no role settings).
package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	v2config "github.com/aws/aws-sdk-go-v2/config"
	v1session "github.com/aws/aws-sdk-go/aws/session"
)

type view struct {
	Selected string  `json:"selected"`
	Error    *string `json:"error"`
	Detail   *string `json:"detail"`
	KeyID    *string `json:"aws_access_key_id"`
	Region   *string `json:"region"`
	Panic    *string `json:"panic"`
}

func hx(s string) *string {
	h := hex.EncodeToString([]byte(s))
	return &h
}

func str(s string) *string { return &s }

func classify(err error) *string {
	m := err.Error()
	switch {
	case strings.Contains(m, "SharedConfigProfileNotExists") || strings.Contains(m, "failed to get shared config profile"):
		return str("profile-not-found")
	case strings.Contains(m, "partial credentials"):
		return str("partial-credentials")
	case strings.Contains(m, "failed to load shared config file") || strings.Contains(m, "SharedConfigLoadError") ||
		strings.Contains(m, "ini"):
		return str("load")
	}
	return str("other")
}

var explicit = ""

func v1view() (v view) {
	defer func() {
		if r := recover(); r != nil {
			v.Panic = str(fmt.Sprint(r))
		}
	}()
	profile := os.Getenv("AWS_PROFILE")
	if profile == "" {
		profile = os.Getenv("AWS_DEFAULT_PROFILE")
	}
	if profile == "" {
		profile = "default"
	}
	if explicit != "" {
		profile = explicit
	}
	v.Selected = profile
	sess, err := v1session.NewSessionWithOptions(v1session.Options{SharedConfigState: v1session.SharedConfigEnable,
		Profile: explicit})
	if err != nil {
		v.Error = classify(err)
		v.Detail = str(err.Error())
		return
	}
	if sess.Config.Region != nil && *sess.Config.Region != "" {
		v.Region = hx(*sess.Config.Region)
	}
	c, err := sess.Config.Credentials.Get()
	if err == nil {
		v.KeyID = hx(c.AccessKeyID)
	} else {
		v.Detail = str(err.Error())
	}
	return
}

func v2view() (v view) {
	defer func() {
		if r := recover(); r != nil {
			v.Panic = str(fmt.Sprint(r))
		}
	}()
	ec, _ := v2config.NewEnvConfig()
	v.Selected = ec.SharedConfigProfile
	if v.Selected == "" {
		v.Selected = "default"
	}
	var opts []func(*v2config.LoadOptions) error
	if explicit != "" {
		v.Selected = explicit
		opts = append(opts, v2config.WithSharedConfigProfile(explicit))
	}
	cfg, err := v2config.LoadDefaultConfig(context.Background(), opts...)
	if err != nil {
		v.Error = classify(err)
		v.Detail = str(err.Error())
		return
	}
	if cfg.Region != "" {
		v.Region = hx(cfg.Region)
	}
	c, err := cfg.Credentials.Retrieve(context.Background())
	if err == nil {
		v.KeyID = hx(c.AccessKeyID)
	} else {
		v.Detail = str(err.Error())
		if strings.Contains(err.Error(), "partial credentials") {
			v.Error = str("partial-credentials")
		}
	}
	return
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "--profile" {
		explicit = os.Args[2]
	}
	out := map[string]view{"go-v1": v1view(), "go-v2-old": v2view()}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
