package mediahost

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"webox-social/services/model"
)

// checkBody is the content of the small object Test uploads and reads back.
const checkBody = "Webox Social media host check\n"

// Test checks the settings the way publishing uses them: it uploads a small object, fetches
// it through a presigned URL with plain net/http (as a network would) and deletes it.
// A nil error means all three worked; otherwise Sentence(err) says what went wrong in a
// sentence for the Settings screen, e.g. "The bucket answered: Access Denied."
func (s *S3) Test(ctx context.Context) error {
	key, err := s.newKey(".txt")
	if err != nil {
		return err
	}
	_, err = s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        &s.cfg.Bucket,
		Key:           &key,
		Body:          strings.NewReader(checkBody),
		ContentLength: aws.Int64(int64(len(checkBody))),
		ContentType:   aws.String("text/plain; charset=utf-8"),
	})
	if err != nil {
		return s.opError("check", err)
	}
	fetchErr := s.fetchCheck(ctx, key)
	if err := s.remove(ctx, key); err != nil {
		if fetchErr != nil {
			s.log.WarnContext(ctx, "could not delete the check object", "key", key, "err", err)
			return fetchErr
		}
		return removeFailed(err)
	}
	return fetchErr
}

// fetchCheck reads key back through a presigned URL and compares it with checkBody.
func (s *S3) fetchCheck(ctx context.Context, key string) error {
	link, err := s.presignGet(ctx, key)
	if err != nil {
		return err
	}
	body, status, err := s.get(ctx, link)
	if err != nil {
		return &Error{Op: "fetch", Sentence: unreachable(s.endpointName(), err), Err: err}
	}
	if status != http.StatusOK {
		return linkRefused(status, body)
	}
	if !bytes.Equal(body, []byte(checkBody)) {
		return &Error{Op: "fetch", Status: status, Err: model.ErrConflict,
			Sentence: "The upload worked, but the shared link returned other content than was uploaded."}
	}
	return nil
}

// get fetches link with plain net/http and returns at most 64 KiB of the body.
func (s *S3) get(ctx context.Context, link string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("mediahost: fetch request: %w", err)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its URL carries the signature: keep it out of errors and logs
		}
		return nil, 0, fmt.Errorf("mediahost: fetch: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("mediahost: fetch body: %w", err)
	}
	return body, resp.StatusCode, nil
}

// linkRefused is the error for a presigned URL the server would not serve.
func linkRefused(status int, body []byte) error {
	var answer struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	_ = xml.Unmarshal(body, &answer) // best effort: some servers answer without a body
	sentence := "The upload worked, but the shared link did not: " +
		strings.TrimPrefix(answered(answer.Code, answer.Message, status), "The bucket answered: ")
	e := &Error{Op: "fetch", Status: status, Code: answer.Code, Sentence: sentence,
		Err: fmt.Errorf("mediahost: presigned GET: HTTP %d", status)}
	if kind := kindOf(answer.Code, status); kind != nil {
		e.Err = fmt.Errorf("%w: %w", kind, e.Err)
	}
	return e
}

// removeFailed says that the check object stayed behind.
func removeFailed(err error) error {
	e := &Error{Op: "check", Err: err, Sentence: "The check file could not be deleted: " + Sentence(err)}
	var inner *Error
	if errors.As(err, &inner) {
		e.Status, e.Code = inner.Status, inner.Code
	}
	return e
}
