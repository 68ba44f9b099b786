package io.jsos.report.redact;

import java.util.Locale;
import java.util.Map;
import java.util.HashMap;

/**
 * Programs known to take a password in a short flag, and how: {@code mysql -pSECRET} (glued only:
 * {@code mysql -p db} prompts and names a database), {@code sshpass -p SECRET},
 * {@code ldapsearch -w SECRET}, {@code redis-cli -a SECRET}, {@code mongo -p SECRET},
 * {@code sqlcmd -P SECRET}, {@code ipmitool -P SECRET}, {@code curl -u user:SECRET} (and {@code --user}). The program is the nearest earlier word of
 * the command line (its base name), so {@code mkdir -p x} and {@code ssh -p 22} are left alone.
 */
final class ProgramFlags {

    static final int GLUED = 1;
    static final int SEPARATE = 2;
    /** The value is {@code user:password}: the user stays, the password goes ({@code curl -u admin:x}). */
    static final int USER_PASS = 4;

    /** Every program below contains one of these: CandidateFilter looks for them in each line. */
    static final String[] STEMS = {"mysql", "mariadb", "ldap", "sshpass", "redis-cli", "mongo", "sqlcmd", "ipmitool", "curl"};

    /** program → flag letter → GLUED | SEPARATE. */
    private static final Map<String, Map<Character, Integer>> PROGRAMS = new HashMap<>();

    static {
        for (String p : new String[] {"mysql", "mysqldump", "mysqladmin", "mysqlcheck", "mysqlimport", "mysqlshow",
                "mysqlpump", "mysqlslap", "mysqlbinlog", "mariadb", "mariadb-dump", "mariadb-admin", "mariadb-check",
                "mariadb-import", "mariadb-show", "mariadb-slap"}) {
            PROGRAMS.put(p, Map.of('p', GLUED));
        }
        for (String p : new String[] {"ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapwhoami", "ldappasswd",
                "ldapcompare", "ldapmodrdn", "ldapexop", "ldapvc"}) {
            PROGRAMS.put(p, Map.of('w', GLUED | SEPARATE));
        }
        PROGRAMS.put("sshpass", Map.of('p', GLUED | SEPARATE));
        PROGRAMS.put("redis-cli", Map.of('a', SEPARATE));
        for (String p : new String[] {"mongo", "mongosh", "mongodump", "mongorestore", "mongoexport", "mongoimport",
                "mongostat", "mongotop", "mongofiles"}) {
            PROGRAMS.put(p, Map.of('p', GLUED | SEPARATE));
        }
        PROGRAMS.put("sqlcmd", Map.of('P', GLUED | SEPARATE));
        PROGRAMS.put("ipmitool", Map.of('P', GLUED | SEPARATE));
        // curl -u user:password, --user user:password ('U' stands for --user)
        PROGRAMS.put("curl", Map.of('u', GLUED | SEPARATE | USER_PASS, 'U', SEPARATE | USER_PASS));
    }

    /** How far back a flag looks for its program. */
    private static final int LOOK_BACK = 4096;

    private ProgramFlags() {
    }

    static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\0' || c == '"' || c == ',' || c == '[' || c == ']' || c == '\r' || c == '\n'
                || c == '\u000b' || c == '\f';
    }

    /**
     * How the program before {@code flagAt} in {@code s} takes a password in flag {@code letter}:
     * 0 (it does not, or no known program), or GLUED | SEPARATE.
     */
    static int mode(String s, int flagAt, char letter) {
        int i = flagAt;
        int stop = Math.max(0, flagAt - LOOK_BACK);
        while (i > stop) {
            while (i > stop && isSeparator(s.charAt(i - 1))) {
                i--;
            }
            int end = i;
            while (i > stop && !isSeparator(s.charAt(i - 1))) {
                i--;
            }
            if (end == i) {
                break;
            }
            String word = s.substring(i, end);
            if (word.equals("|") || word.equals(";") || word.equals("&&") || word.equals("||") || word.endsWith(";")) {
                return 0;
            }
            String base = word.substring(word.lastIndexOf('/') + 1).replace("'", "").toLowerCase(Locale.ROOT);
            Map<Character, Integer> flags = PROGRAMS.get(base);
            if (flags != null) {
                return flags.getOrDefault(letter, 0);
            }
        }
        return 0;
    }
}
