// chain-go-oracle - which credentials Debian's Go AWS SDKs resolve in the
// current environment: aws-sdk-go v1 (golang-github-aws-aws-sdk-go-dev,
// the real go-v1 code, with shared config enabled as aws-sdk-go-base v1
// does) and aws-sdk-go-v2 (golang-github-aws-aws-sdk-go-v2-dev, a release
// from before config v1.18.45). Prints {"go-v1": {...}, "go-v2-old": {...}},
// each {"key": <access key id or null>, "source": <provider name>,
// "error": <message or null>}. Built offline in GOPATH mode by
// t/chain-go.t; run only on cases that resolve without a network call
// (static keys, environment, profile selection; IMDS disabled).
//
// No request leaves the process: both SDKs get an HTTP client whose
// transport answers sts:AssumeRole itself with made-up credentials
// (ASIAFAKE...) and fails everything else. Each view lists the AssumeRole
// calls ("calls": the role ARN and the key id that signed it), so a role
// chain is checked link by link without a network. "region" is the region
// the SDK resolved (null when none).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/ioutil"
	"net/http"
	"net/url"
	"regexp"

	v1aws "github.com/aws/aws-sdk-go/aws"
	v2config "github.com/aws/aws-sdk-go-v2/config"
	v1session "github.com/aws/aws-sdk-go/aws/session"
)

type call struct {
	Role   string `json:"role"`
	Signer string `json:"signer"`
}

type view struct {
	Key    *string `json:"key"`
	Source string  `json:"source"`
	Error  *string `json:"error"`
	Calls  []call  `json:"calls"`
	Region *string `json:"region"`
	Loaded bool    `json:"loaded"` // the configuration loaded: region is what the SDK uses
}

type fakeSTS struct{ calls *[]call }

var credRE = regexp.MustCompile(`Credential=([^/]+)/`)

func (f fakeSTS) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = ioutil.ReadAll(r.Body)
	}
	q, _ := url.ParseQuery(string(body))
	if q.Get("Action") != "AssumeRole" {
		return nil, errors.New("oracle: no network")
	}
	signer := ""
	if m := credRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		signer = m[1]
	}
	*f.calls = append(*f.calls, call{Role: q.Get("RoleArn"), Signer: signer})
	x := fmt.Sprintf(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">`+
		`<AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKE%012d</AccessKeyId>`+
		`<SecretAccessKey>fake</SecretAccessKey><SessionToken>fake</SessionToken>`+
		`<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>`+
		`<Arn>arn:aws:sts::123456789012:assumed-role/R/s</Arn><AssumedRoleId>AROAFAKE:s</AssumedRoleId>`+
		`</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId>`+
		`</ResponseMetadata></AssumeRoleResponse>`, len(*f.calls))
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1,
		ProtoMinor: 1, Header: http.Header{"Content-Type": {"text/xml"}},
		Body: ioutil.NopCloser(bytes.NewReader([]byte(x))), Request: r}, nil
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
	v.Calls = []call{}
	hc := &http.Client{Transport: fakeSTS{&v.Calls}}
	sess, err := v1session.NewSessionWithOptions(v1session.Options{SharedConfigState: v1session.SharedConfigEnable,
		Config: v1aws.Config{HTTPClient: hc}})
	if err != nil {
		v.Error = errv(err)
		return
	}
	v.Loaded = true
	if sess.Config.Region != nil && *sess.Config.Region != "" {
		v.Region = sess.Config.Region
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
	v.Calls = []call{}
	hc := &http.Client{Transport: fakeSTS{&v.Calls}}
	cfg, err := v2config.LoadDefaultConfig(context.Background(), v2config.WithHTTPClient(hc))
	if err != nil {
		v.Error = errv(err)
		return
	}
	v.Loaded = true
	if cfg.Region != "" {
		v.Region = &cfg.Region
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
