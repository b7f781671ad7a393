import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * H2 MVStore loses committed transactions after kill -9 when the process before it wrote, and then the file sat
 * closed longer than the retention time (45 s): H2 alone, no other library.
 *
 * <pre>
 * java -cp h2-2.5.252.jar LostCommits.java                     # H2's defaults: commits are lost
 * java -cp h2-2.5.252.jar LostCommits.java ";REUSE_SPACE=FALSE" # every chunk appended: nothing is lost
 * </pre>
 *
 * Run it from the folder that holds this file. Each run of the database is a child process that commits one
 * row at a time (each commit returns before the next starts: WRITE_DELAY=0) and prints the row's id once its
 * commit has returned; the parent kills it with SIGKILL. Run 1 writes, is killed, and the file then sits closed
 * for 50 s. Run 2 writes, is killed at once. Run 3 opens the file and counts the rows.
 */
public class LostCommits {

    private static final int PAUSE_SECONDS = 50;
    private static final int RUNS = 4;

    /** What a child found when it opened the database, and the ids it committed before it was killed. */
    private record Run(Set<String> found, List<String> committed) {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], args[2]);
            return;
        }
        String extra = args.length > 0 ? args[0] : "";
        Path dir = Files.createTempDirectory("h2-lost-commits");
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0" + extra;
        System.out.println("H2 " + org.h2.engine.Constants.FULL_VERSION + ", " + url);
        Set<String> committed = new TreeSet<>();
        int lostInAll = 0;
        for (int run = 1; run <= RUNS; run++) {
            if (run > 1) {
                System.out.println("  the file sits closed for " + PAUSE_SECONDS + " s");
                Thread.sleep(PAUSE_SECONDS * 1000L);
            }
            Run child = run(url, "run" + run, run == 1 ? 4_000 : 2_000);
            Set<String> lost = new TreeSet<>(committed);
            lost.removeAll(child.found());
            lostInAll = lost.size();
            committed.addAll(child.committed());
            System.out.println("run " + run + ": opened with " + lost.size() + " of the commits returned before lost"
                    + (lost.isEmpty() ? "" : " " + lost) + "; " + child.committed().size()
                    + " commits returned, killed with -9");
        }
        System.exit(lostInAll == 0 ? 0 : 1);
    }

    /** Starts a child on the database, reads the ids it committed for {@code millis}, then kills it with -9. */
    private static Run run(String url, String name, long millis) throws Exception {
        List<String> source = Files.exists(Path.of("LostCommits.java")) ? List.of("LostCommits.java")
                : List.of("LostCommits");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(source);
        command.addAll(List.of("child", url, name));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> committed = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Set<String> found = new TreeSet<>();
        for (String line; !"open".equals(line = out.readLine()); ) { // the rows the child found when it opened
            if (line == null) {
                throw new IllegalStateException("the child did not open the database");
            }
            found.add(line.substring("row ".length()));
        }
        long until = System.currentTimeMillis() + millis;
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (committed) {
                        committed.add(line);
                    }
                }
            } catch (Exception e) {
                // the child was killed
            }
        });
        reader.start();
        Thread.sleep(Math.max(0, until - System.currentTimeMillis()));
        child.destroyForcibly().waitFor(); // SIGKILL on Unix
        reader.join();
        synchronized (committed) {
            return new Run(found, new ArrayList<>(committed));
        }
    }

    /**
     * Opens the database as a server would (a few connections, one of them writing), prints the rows it holds,
     * then commits a new row and a change to an older one every 150 ms, printing the new row's id after its commit
     * returned, until killed.
     */
    private static void child(String url, String name) throws Exception {
        List<Connection> idle = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            idle.add(DriverManager.getConnection(url, "sa", ""));
        }
        Connection c = idle.get(0);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS T(ID VARCHAR PRIMARY KEY, N INT, BODY VARCHAR)");
            s.execute("CREATE INDEX IF NOT EXISTS T_N ON T(N)");
            try (ResultSet rows = s.executeQuery("SELECT ID FROM T")) {
                while (rows.next()) {
                    System.out.println("row " + rows.getString(1));
                }
            }
        }
        System.out.println("open");
        System.out.flush();
        String body = "Dữ liệu thử. ".repeat(400);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO T VALUES (?, ?, ?)");
                PreparedStatement update = c.prepareStatement("UPDATE T SET N = N + 1, BODY = ? WHERE N = ?")) {
            for (int i = 0; ; i++) {
                insert.setString(1, name + "-" + i);
                insert.setInt(2, i);
                insert.setString(3, body);
                insert.executeUpdate(); // auto-commit: the commit has returned
                System.out.println(name + "-" + i);
                System.out.flush();
                update.setString(1, body + i);
                update.setInt(2, i / 2);
                update.executeUpdate();
                Thread.sleep(150);
            }
        }
    }
}
