package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// autostartName is the autostart entry's file name: the app ID, as the XDG spec asks.
const autostartName = "com.webox.social.desktop"

// AutostartStatus says whether Webox Social starts when the user logs in.
type AutostartStatus struct {
	// Supported is false where Webox Social cannot add itself to the session yet
	// (macOS and Windows).
	Supported bool
	// Enabled reports whether the autostart entry is there and not turned off.
	Enabled bool
	// Path is the autostart entry's file ("" when not supported).
	Path string
}

// Autostart writes and removes an XDG autostart entry (freedesktop.org Desktop
// Application Autostart Specification): a .desktop file in the autostart folder.
type Autostart struct {
	// Dir is the autostart folder, normally $XDG_CONFIG_HOME/autostart.
	Dir string
	// Command is the executable and its arguments.
	Command []string
}

// Path is the entry's file.
func (s Autostart) Path() string { return filepath.Join(s.Dir, autostartName) }

// Enabled reports whether the entry exists and the desktop has not turned it off
// (Hidden=true or X-GNOME-Autostart-enabled=false).
func (s Autostart) Enabled() (bool, error) {
	f, err := os.Open(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: read %s: %w", s.Path(), err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		switch strings.ReplaceAll(sc.Text(), " ", "") {
		case "Hidden=true", "X-GNOME-Autostart-enabled=false":
			return false, nil
		}
	}
	if err := sc.Err(); err != nil {
		return false, fmt.Errorf("autostart: read %s: %w", s.Path(), err)
	}
	return true, nil
}

// Enable writes the entry, replacing any earlier one.
func (s Autostart) Enable() error {
	if len(s.Command) == 0 {
		return errors.New("autostart: no command to start")
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("autostart: create %s: %w", s.Dir, err)
	}
	tmp, err := os.CreateTemp(s.Dir, ".webox-social-*.tmp")
	if err != nil {
		return fmt.Errorf("autostart: write in %s: %w", s.Dir, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(desktopEntry(s.Command))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("autostart: write %s: %w", tmp.Name(), err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.Path()); err != nil {
		return fmt.Errorf("autostart: write %s: %w", s.Path(), err)
	}
	return nil
}

// Disable removes the entry; no entry is not an error.
func (s Autostart) Disable() error {
	if err := os.Remove(s.Path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("autostart: remove %s: %w", s.Path(), err)
	}
	return nil
}

// desktopEntry is the autostart file's content.
func desktopEntry(cmd []string) string {
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=Webox Social\n" +
		"Comment=Publishes your scheduled posts from the system tray\n" +
		"Exec=" + execLine(cmd) + "\n" +
		"Icon=com.webox.social\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// execLine joins cmd for a desktop entry's Exec key: arguments holding reserved
// characters are quoted, then the value is escaped as a desktop-entry string and
// percent signs are doubled (they start field codes).
func execLine(cmd []string) string {
	args := make([]string, len(cmd))
	for i, a := range cmd {
		args[i] = quoteExecArg(a)
	}
	line := strings.Join(args, " ")
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`, "%", "%%").Replace(line)
}

// execReserved are the characters that make an Exec argument need quotes.
const execReserved = " \t\n\"'\\><~|&;$*?#()`"

// quoteExecArg quotes a when it holds a reserved character, escaping the four
// characters that keep a meaning inside quotes.
func quoteExecArg(a string) string {
	if a != "" && !strings.ContainsAny(a, execReserved) {
		return a
	}
	return `"` + strings.NewReplacer(`"`, `\"`, "`", "\\`", "$", `\$`, `\`, `\\`).Replace(a) + `"`
}

// autostartSupported reports whether this system uses XDG autostart entries.
func autostartSupported() bool {
	return runtime.GOOS != "darwin" && runtime.GOOS != "windows"
}

// StartAtLogin says whether the app starts when the user logs in.
func (a *App) StartAtLogin(ctx context.Context) (AutostartStatus, error) {
	if !autostartSupported() {
		return AutostartStatus{}, nil
	}
	s, err := a.autostart()
	if err != nil {
		return AutostartStatus{}, err
	}
	on, err := s.Enabled()
	return AutostartStatus{Supported: true, Enabled: on, Path: s.Path()}, err
}

// SetStartAtLogin adds or removes the app's autostart entry. The entry starts the
// current executable, with --data-dir when the data folder is not the default one.
func (a *App) SetStartAtLogin(ctx context.Context, on bool) error {
	if !autostartSupported() {
		return invalid("Starting at login is not supported on this system yet.")
	}
	s, err := a.autostart()
	if err != nil {
		return err
	}
	if on {
		err = s.Enable()
	} else {
		err = s.Disable()
	}
	if err != nil {
		return err
	}
	a.log.Info("start at login changed", "enabled", on, "path", s.Path())
	return nil
}

// autostart is the entry for this executable in the user's autostart folder
// ($XDG_CONFIG_HOME/autostart, by default ~/.config/autostart).
func (a *App) autostart() (Autostart, error) {
	cfg, err := os.UserConfigDir()
	if err != nil {
		return Autostart{}, fmt.Errorf("autostart: find the config folder: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return Autostart{}, fmt.Errorf("autostart: find the executable: %w", err)
	}
	cmd := []string{exe}
	if filepath.Clean(a.dataDir) != filepath.Join(cfg, "webox-social") {
		cmd = append(cmd, "--data-dir", a.dataDir)
	}
	cmd = append(cmd, "--minimized") // at login, straight to the tray (the window when there is none)
	return Autostart{Dir: filepath.Join(cfg, "autostart"), Command: cmd}, nil
}
