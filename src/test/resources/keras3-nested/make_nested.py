"""Nested Functional models used as layers, saved by real Keras 3 (the shared catalogue has nested
Sequential blocks only). Run with Keras 3 and a backend installed:
    KERAS_BACKEND=jax python make_nested.py OUTDIR
Writes M.keras, M.h5 and M.json ({"keras_version", "backend", "inputs", "outputs"}: what Keras
predicted for those inputs), for M in nested_functional, nested_twice.
"""
import json, os, sys
import numpy as np
import keras
from keras import layers

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(77)


def save(name, model, inputs, fit_y=None):
    if fit_y is not None:
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
        model.fit(inputs, fit_y, epochs=2, batch_size=4, verbose=0)
    preds = model.predict(inputs, verbose=0)
    outs = {n: np.asarray(p).tolist() for n, p in zip(model.output_names, preds if isinstance(preds, list) else [preds])}
    for ext in (".keras", ".h5"):
        model.save(os.path.join(OUT, name + ext))
        back = keras.saving.load_model(os.path.join(OUT, name + ext), compile=False)
        again = back.predict(inputs, verbose=0)
        for a, b in zip(outs.values(), again if isinstance(again, list) else [again]):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)
    ins = {t.name: np.asarray(inputs[t.name]).tolist() for t in model.inputs}
    json.dump({"keras_version": keras.__version__, "backend": keras.backend.backend(), "inputs": ins, "outputs": outs},
              open(os.path.join(OUT, name + ".json"), "w"))
    print(name, "saved")


def tower(name):
    """A two-input Functional block with BatchNormalization, Dropout and a nested Sequential inside."""
    a = keras.Input((3,), name=name + "_a")
    b = keras.Input((2,), name=name + "_b")
    x = layers.Concatenate(name=name + "_concat")([a, b])
    x = layers.BatchNormalization(name=name + "_bn")(x)
    x = keras.Sequential([layers.Dense(6, activation="relu"), layers.Dropout(0.2), layers.Dense(4)], name=name + "_mlp")(x)
    return keras.Model([a, b], x, name=name)


# a Functional block, itself holding a Sequential, used once as a layer of a Functional model
def nested_functional():
    keras.utils.set_random_seed(11)
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    ids = keras.Input((), dtype="int32", name="ids")
    t = tower("tower")([a, b])
    e = layers.Embedding(9, 4, name="emb")(ids)
    y = layers.Dense(1, name="score")(layers.Concatenate(name="joined")([t, e]))
    m = keras.Model({"a": a, "b": b, "ids": ids}, y, name="nested_functional")
    data = {"a": rng.normal(size=(12, 3)).astype("float32"), "b": rng.normal(size=(12, 2)).astype("float32"),
            "ids": rng.integers(0, 9, size=(12,)).astype("int32")}
    save("nested_functional", m, data, fit_y=rng.normal(size=(12, 1)).astype("float32"))


# one Functional block called on two pairs of inputs: a shared nested model
def nested_twice():
    keras.utils.set_random_seed(12)
    ins = [keras.Input((3,), name="qa"), keras.Input((2,), name="qb"), keras.Input((3,), name="da"), keras.Input((2,), name="db")]
    shared = tower("encoder")
    q = shared(ins[:2])
    d = shared(ins[2:])
    y = layers.Dense(1, name="match")(layers.Multiply(name="both")([q, d]))
    m = keras.Model(ins, y, name="nested_twice")
    data = {t.name: rng.normal(size=(12, t.shape[1])).astype("float32") for t in ins}
    save("nested_twice", m, data, fit_y=rng.normal(size=(12, 1)).astype("float32"))


nested_functional()
nested_twice()
