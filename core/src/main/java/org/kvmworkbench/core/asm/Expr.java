package org.kvmworkbench.core.asm;

/** An assembly-time expression (NASM's operators and precedence); values are 64-bit as in NASM. */
sealed interface Expr {
    long eval(Env env);

    int column();

    record Num(long value, int column) implements Expr {
        public long eval(Env env) {
            return value;
        }
    }

    record Sym(String name, int column) implements Expr {
        public long eval(Env env) {
            Long v = env.symbol(name, column);
            if (v == null) {
                env.unresolved();
                return 0;
            }
            return v;
        }
    }

    record Here(boolean section, int column) implements Expr {
        public long eval(Env env) {
            return section ? env.sectionStart() : env.here();
        }
    }

    /** A register inside a memory operand's brackets; only a memory operand may hold one. */
    record RegRef(Register reg, int column) implements Expr {
        public long eval(Env env) {
            throw new LineError(column, AsmError.WORDS.phrase("registerInExpression", reg.name().toLowerCase()));
        }
    }

    record Unary(char op, Expr operand, int column) implements Expr {
        public long eval(Env env) {
            long v = operand.eval(env);
            return switch (op) {
                case '-' -> -v;
                case '~' -> ~v;
                case '!' -> v == 0 ? 1 : 0;
                default -> v;
            };
        }
    }

    record Binary(String op, Expr left, Expr right, int column) implements Expr {
        public long eval(Env env) {
            long a = left.eval(env);
            long b = right.eval(env);
            return switch (op) {
                case "+" -> a + b;
                case "-" -> a - b;
                case "*" -> a * b;
                case "|" -> a | b;
                case "&" -> a & b;
                case "^" -> a ^ b;
                case "<<" -> b >= 64 || b < 0 ? 0 : a << b;
                case ">>" -> b >= 64 || b < 0 ? 0 : a >>> b;
                default -> divide(a, b, env);
            };
        }

        private long divide(long a, long b, Env env) {
            if (b == 0) {
                // before every symbol is known a divisor may still read as 0; only a real 0 is an error
                if (isProvisional(right, env)) return 0;
                throw new LineError(column, AsmError.WORDS.phrase("divisionByZero"));
            }
            return switch (op) {
                case "/" -> Long.divideUnsigned(a, b);
                case "%" -> Long.remainderUnsigned(a, b);
                case "//" -> b == -1 ? -a : a / b;
                default -> b == -1 ? 0 : a % b; // %%
            };
        }

        private static boolean isProvisional(Expr e, Env env) {
            Provisional probe = new Provisional(env);
            e.eval(probe);
            return probe.sawUnknown;
        }
    }

    /** Re-evaluates a subexpression only to learn whether it used an unknown symbol. */
    final class Provisional implements Env {
        private final Env outer;
        boolean sawUnknown;

        Provisional(Env outer) {
            this.outer = outer;
        }

        public Long symbol(String name, int column) {
            return outer.symbol(name, column);
        }

        public long here() {
            return outer.here();
        }

        public long sectionStart() {
            return outer.sectionStart();
        }

        public void unresolved() {
            sawUnknown = true;
        }
    }
}
