package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
)

// postgres is a throwaway PostgreSQL cluster for Terraform's `pg` backend,
// as pipelines keep remote state: initdb in a temporary folder, a free
// loopback port, run as the `postgres` user, stopped and removed by stop.
type postgres struct {
	bin, dir, connStr string
	uid, gid          int
}

// errNoPostgres means the machine has no PostgreSQL to start; the bench
// then skips the pg backend and says so.
var errNoPostgres = errors.New("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)")

// postgresBinDir is the newest /usr/lib/postgresql/<version>/bin with initdb.
func postgresBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return va - vb
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errNoPostgres
}

// startPostgres starts the cluster under parent; the caller stops it.
func startPostgres(ctx context.Context, parent string) (*postgres, error) {
	bin, err := postgresBinDir()
	if err != nil {
		return nil, err
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL runs as the postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	dir, err := os.MkdirTemp(parent, "pg-")
	if err != nil {
		return nil, err
	}
	// initdb refuses to run as root, and the data folder must be the server's.
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	if err := os.Chmod(parent, 0o755); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	pg := &postgres{bin: bin, dir: dir, uid: uid, gid: gid,
		connStr: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/tfstate?sslmode=disable", port)}
	data := filepath.Join(dir, "data")
	steps := [][]string{
		{"initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"},
		{"pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"), "-w", "-o",
			fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, dir), "start"},
		{"createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "postgres", "tfstate"},
	}
	for _, s := range steps {
		if err := pg.run(ctx, s...); err != nil {
			pg.stop()
			return nil, err
		}
	}
	return pg, nil
}

func (pg *postgres) run(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(pg.bin, args[0]), args[1:]...)
	cmd.Dir = pg.dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Getuid() == 0 {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(pg.uid), Gid: uint32(pg.gid)}
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w\n%s", args[0], err, out)
	}
	return nil
}

// stop shuts the server down and removes its files.
func (pg *postgres) stop() {
	data := filepath.Join(pg.dir, "data")
	if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); err == nil {
		_ = pg.run(context.Background(), "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
	}
	_ = os.RemoveAll(pg.dir)
}

// backendBlock is the `backend "pg"` block of a configuration whose state
// lives in schema.
func (pg *postgres) backendBlock(schema string) string {
	return fmt.Sprintf("  backend \"pg\" {\n    conn_str    = %q\n    schema_name = %q\n  }\n", pg.connStr, schema)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("unexpected listener address %s", ln.Addr())
	}
	return addr.Port, nil
}
