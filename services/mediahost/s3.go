// Package mediahost makes local media files reachable at short-lived public URLs for
// networks that fetch media themselves (Instagram, TikTok photos). S3 puts each file in an
// S3-compatible bucket the user owns (AWS S3, Cloudflare R2, Backblaze B2, MinIO, Wasabi…)
// under a random key and hands out a presigned GET URL; the object is deleted once the
// network has it.
package mediahost

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"webox-social/services/platforms"
)

const (
	// DefaultURLTTL is how long a shared URL stays valid when Config.URLTTL is zero.
	DefaultURLTTL = time.Hour
	// MaxURLTTL is the longest validity SigV4 presigning allows.
	MaxURLTTL = 7 * 24 * time.Hour
	// DefaultRegion is used when Config.Region is empty (AWS's and MinIO's default).
	DefaultRegion = "us-east-1"

	// headerTimeout bounds the wait for the server's answer once a request is sent; there is
	// no overall timeout, since a large video over a slow link may take long (the caller's
	// context bounds it).
	headerTimeout = time.Minute
)

// Config is the media-host setting: where the bucket is and how to sign requests to it.
type Config struct {
	// Endpoint is the S3 API URL, e.g. "https://<account>.r2.cloudflarestorage.com" or
	// "https://s3.eu-central-003.backblazeb2.com"; empty means AWS S3 for Region.
	Endpoint string
	// Region is the bucket's region ("auto" for R2); empty means DefaultRegion.
	Region string
	// Bucket is the bucket name.
	Bucket string
	// AccessKeyID names the key the requests are signed with.
	AccessKeyID string
	// SecretAccessKey comes from the keychain; it is never logged or put in errors.
	SecretAccessKey string
	// PathStyle puts the bucket in the URL path (endpoint/bucket/key) instead of the host
	// name (bucket.endpoint/key); MinIO and most self-hosted servers need it. An endpoint
	// given as an IP address or localhost always uses path style.
	PathStyle bool
	// Prefix is put in front of every key, e.g. "webox/".
	Prefix string
	// URLTTL is how long a shared URL stays valid; zero means DefaultURLTTL.
	URLTTL time.Duration
}

// S3 is a platforms.MediaHost backed by an S3-compatible bucket. It is safe for
// concurrent use.
type S3 struct {
	cfg     Config
	client  *s3.Client
	presign *s3.PresignClient
	http    *http.Client // fetches presigned URLs in Test, like a network would
	log     *slog.Logger
}

var _ platforms.MediaHost = (*S3)(nil)

// Validate reports obviously wrong settings as a sentence the Settings screen can show.
func Validate(c Config) error {
	err := validate(c)
	var e *Error
	if errors.As(err, &e) {
		e.Sentence = redact(e.Sentence, c.SecretAccessKey) // a secret pasted in the wrong field
	}
	return err
}

func validate(c Config) error {
	if err := validateEndpoint(c.Endpoint); err != nil {
		return err
	}
	if err := validateBucket(c.Bucket); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(c.AccessKeyID) == "":
		return invalid("The access key ID is empty.")
	case c.SecretAccessKey == "":
		return invalid("The secret access key is empty.")
	case strings.ContainsAny(c.Region, " /"):
		return invalid(fmt.Sprintf("The region %q is not a region name.", c.Region))
	case c.URLTTL != 0 && (c.URLTTL < time.Second || c.URLTTL > MaxURLTTL):
		return invalid(fmt.Sprintf("The link lifetime must be between 1 second and 7 days, not %s.", c.URLTTL))
	}
	return nil
}

func validateEndpoint(endpoint string) error {
	if endpoint == "" {
		return nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid(fmt.Sprintf("The endpoint %q is not a web address like https://s3.example.com.", endpoint))
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return invalid(fmt.Sprintf("The endpoint %q should be only the server address, without a path, query or password; put the bucket name and keys in their own fields.", u.Redacted()))
	}
	return nil
}

func validateBucket(bucket string) error {
	if bucket == "" {
		return invalid("The bucket name is empty.")
	}
	if len(bucket) < 3 || len(bucket) > 63 {
		return invalid(fmt.Sprintf("The bucket name %q must be 3 to 63 characters long.", bucket))
	}
	for _, r := range bucket {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return invalid(fmt.Sprintf("The bucket name %q may only contain letters, digits, dots, dashes and underscores.", bucket))
		}
	}
	return nil
}

// New checks cfg with Validate and returns a media host for it.
func New(cfg Config) (*S3, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.URLTTL == 0 {
		cfg.URLTTL = DefaultURLTTL
	}
	cfg.Prefix = strings.TrimLeft(cfg.Prefix, "/")
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.ResponseHeaderTimeout = headerTimeout
	hc := &http.Client{Transport: transport}
	client := s3.New(s3.Options{
		Region:       cfg.Region,
		BaseEndpoint: optional(strings.TrimRight(cfg.Endpoint, "/")),
		UsePathStyle: cfg.PathStyle || hostIsAddress(cfg.Endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(cfg.AccessKeyID, cfg.SecretAccessKey, ""),
		HTTPClient:   hc,
		// Checksums only where the API requires them: R2, B2 and older MinIO refuse the
		// newer default trailing checksums.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
	return &S3{
		cfg:     cfg,
		client:  client,
		presign: s3.NewPresignClient(client, s3.WithPresignExpires(cfg.URLTTL)),
		http:    hc,
		log:     slog.Default().With("component", "mediahost", "bucket", cfg.Bucket),
	}, nil
}

// hostIsAddress reports whether endpoint names its server by IP address or as localhost,
// where bucket.host names cannot resolve and only path-style URLs work.
func hostIsAddress(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.Hostname() == "" {
		return false
	}
	return u.Hostname() == "localhost" || net.ParseIP(u.Hostname()) != nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Share uploads f under a random, unguessable key with its Content-Type and returns a
// presigned GET URL valid for Config.URLTTL, and a func that deletes the object.
func (s *S3) Share(ctx context.Context, f platforms.MediaFile) (string, func(context.Context) error, error) {
	key, err := s.newKey(filepath.Ext(f.Path))
	if err != nil {
		return "", nil, err
	}
	if err := s.putFile(ctx, key, f); err != nil {
		return "", nil, err
	}
	link, err := s.presignGet(ctx, key)
	if err != nil {
		s.removeQuietly(key)
		return "", nil, err
	}
	s.log.InfoContext(ctx, "media shared", "key", key, "size", f.Size, "ttl", s.cfg.URLTTL)
	return link, func(ctx context.Context) error { return s.remove(ctx, key) }, nil
}

// newKey is prefix + 128 random bits in hex + the lower-cased original extension.
func (s *S3) newKey(ext string) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("mediahost: random key: %w", err)
	}
	return s.cfg.Prefix + hex.EncodeToString(b[:]) + cleanExt(ext), nil
}

// cleanExt keeps an extension only when it is short and plain ASCII, so a key never needs
// escaping.
func cleanExt(ext string) string {
	ext = strings.ToLower(ext)
	if len(ext) < 2 || len(ext) > 10 {
		return ""
	}
	for _, r := range ext[1:] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return ext
}

func contentType(f platforms.MediaFile) string {
	if f.Mime != "" {
		return f.Mime
	}
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(f.Path))); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (s *S3) putFile(ctx context.Context, key string, f platforms.MediaFile) error {
	file, err := os.Open(f.Path)
	if err != nil {
		return fmt.Errorf("mediahost: open %s: %w", filepath.Base(f.Path), err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return fmt.Errorf("mediahost: stat %s: %w", filepath.Base(f.Path), err)
	}
	_, err = s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        &s.cfg.Bucket,
		Key:           &key,
		Body:          file,
		ContentLength: aws.Int64(info.Size()),
		ContentType:   aws.String(contentType(f)),
	})
	if err != nil {
		return s.opError("upload", err)
	}
	return nil
}

func (s *S3) presignGet(ctx context.Context, key string) (string, error) {
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &s.cfg.Bucket, Key: &key})
	if err != nil {
		return "", s.opError("presign", err)
	}
	return req.URL, nil
}

func (s *S3) remove(ctx context.Context, key string) error {
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.cfg.Bucket, Key: &key}); err != nil {
		return s.opError("delete", err)
	}
	s.log.InfoContext(ctx, "media removed", "key", key)
	return nil
}

// removeQuietly cleans up after a failed Share; a failure is only logged, since the
// caller already gets the error that matters.
func (s *S3) removeQuietly(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.remove(ctx, key); err != nil && !errors.Is(err, context.Canceled) {
		s.log.Warn("could not remove media after a failed share", "key", key, "err", err)
	}
}
