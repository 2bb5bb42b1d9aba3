// chain-go-oracle - which credentials Debian's Go AWS SDKs resolve in the
// current environment: aws-sdk-go v1 (golang-github-aws-aws-sdk-go-dev,
// the real go-v1 code, with shared config enabled as aws-sdk-go-base v1
// does) and aws-sdk-go-v2 (golang-github-aws-aws-sdk-go-v2-dev, a release
// from before config v1.18.45). Prints {"go-v1": {...}, "go-v2-old": {...}},
// each {"key": <access key id or null>, "source": <provider name>,
// "error": <message or null>}. Built offline in GOPATH mode by
// t/chain-go.t; run only on cases that resolve without a network call
// (static keys, environment, profile selection; IMDS disabled).
package main

import (
	"context"
	"encoding/json"
	"fmt"

	v2config "github.com/aws/aws-sdk-go-v2/config"
	v1session "github.com/aws/aws-sdk-go/aws/session"
)

type view struct {
	Key    *string `json:"key"`
	Source string  `json:"source"`
	Error  *string `json:"error"`
}

func errv(err error) *string {
	s := err.Error()
	return &s
}

func v1view() (v view) {
	defer func() {
		if r := recover(); r != nil {
			v.Error = errv(fmt.Errorf("panic: %v", r))
		}
	}()
	sess, err := v1session.NewSessionWithOptions(v1session.Options{SharedConfigState: v1session.SharedConfigEnable})
	if err != nil {
		v.Error = errv(err)
		return
	}
	c, err := sess.Config.Credentials.Get()
	if err != nil {
		v.Error = errv(err)
		return
	}
	v.Key = &c.AccessKeyID
	v.Source = c.ProviderName
	return
}

func v2view() (v view) {
	defer func() {
		if r := recover(); r != nil {
			v.Error = errv(fmt.Errorf("panic: %v", r))
		}
	}()
	cfg, err := v2config.LoadDefaultConfig(context.Background())
	if err != nil {
		v.Error = errv(err)
		return
	}
	c, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		v.Error = errv(err)
		return
	}
	v.Key = &c.AccessKeyID
	v.Source = c.Source
	return
}

func main() {
	b, _ := json.Marshal(map[string]view{"go-v1": v1view(), "go-v2-old": v2view()})
	fmt.Println(string(b))
}
