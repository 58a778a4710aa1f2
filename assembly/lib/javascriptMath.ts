/**
 * JavaScript's Math functions that the modules import (`javascriptMath.exp` and so on), where
 * WebAssembly has no instruction and AssemblyScript's own functions round differently in the last
 * bit: calling V8's keeps the results the bits the JavaScript computed. Each module's JavaScript class
 * passes the ones it uses (`{ javascriptMath: { exp: Math.exp } }` and so on).
 */

export declare function exp(x: f64): f64;
export declare function log(x: f64): f64;
export declare function log10(x: f64): f64;
