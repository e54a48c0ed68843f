"""Sentences of the wide probe set: support-chat replies written for this file.

Spanish in voseo, tuteo and usted, and English. ``{0}`` is where the value goes.
"""

from __future__ import annotations

# -- tokens ---------------------------------------------------------------------------------
TOKEN_CUED_ES = [
    "Acá va el token para la integración: {0}",
    "La API key que me pediste es {0}, guardala bien.",
    "Le envío la clave de API {0} para que configure el conector.",
    "Acá va la credencial del servicio: {0}",
    "Tu token nuevo quedó así: {0} (el viejo ya no sirve).",
    "Copiá este secreto en el panel: {0}",
    "El token de acceso para producción es {0}.",
    "Para la prueba usá la llave {0} y después la borramos.",
]
TOKEN_PLAIN_ES = [
    "Ya lo cargué en el .env como {0} y sigue fallando.",
    "Probá pegando {0} en el campo de configuración.",
    "Le dejo esto por aquí: {0}",
    "Lo que aparece en la pantalla es {0}, ¿está bien?",
    "Mirá, copié {0} desde el panel y no conecta.",
    "Pegue {0} en la sección Integraciones y guarde los cambios.",
    "{0} es lo que me dio el sistema ayer.",
    "Anoté {0} en el ticket para que lo vea el equipo técnico.",
]
TOKEN_CUED_EN = [
    "Here is the key: {0}",
    "The API token for the new integration is {0}.",
    "Use this secret in the dashboard: {0}",
    "I generated a fresh access token for you: {0}",
    "Your credentials for the sandbox: {0}",
    "The webhook secret is {0}, keep it safe.",
    "Token below, please rotate it once you are done:\n{0}",
    "Our support key is {0} if you need to test the call.",
]
TOKEN_PLAIN_EN = [
    "I pasted {0} into the settings page and nothing happened.",
    "Can you try with {0} instead?",
    "It's {0}, copied straight from the console.",
    "This is what the export shows: {0}",
    "Set it to {0} and restart the app.",
    "{0} is what your admin sent us last week.",
    "Our logs show the request was made with {0}.",
    "Replace the old value with {0} and save.",
]
ENTROPY_ES = [
    "La clave de la API es {0}, no la compartas.",
    "Te paso el token: {0}",
    "El secreto del cliente quedó en {0}.",
    "Contraseña del servidor: {0}",
    "Usá esta llave privada de acceso: {0}",
    "La credencial que genera el sistema es {0}.",
    "Le informo que el token de su cuenta es {0}.",
    "clave secreta = {0}",
]
ENTROPY_EN = [
    "Here is the key: {0}",
    "The client secret is {0}.",
    "Password for the FTP box: {0}",
    "Your API key: {0}",
    "secret={0}",
    "The signing secret we use is {0} on staging.",
    "Bearer token is {0}, expires tomorrow.",
    "access token -> {0}",
]
# (lang, sentence with {0}, value): documentation examples, placeholders and look-alikes.
_EMPTY_PEM = "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----"
_DOTS_PEM = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"
TOKEN_NEG: list[tuple[str, str, str]] = [
    ("en", "The docs use {0} as the sample access key.", "AKIAIOSFODNN7EXAMPLE"),
    ("es", "En el ejemplo de la guía aparece {0}, no es una clave real.", "AKIAIOSFODNN7EXAMPLE"),
    ("en", "Replace {0} with your own token.", "ghp_" + "x" * 36),
    ("es", "Reemplazá {0} por tu token.", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
    ("en", "Put your key where it says {0}.", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"),
    ("es", "Donde dice {0} va tu clave.", "sk-your-api-key-here"),
    ("en", "In the config file set API_KEY to {0}.", "<YOUR_API_KEY>"),
    ("es", "Completá el campo token con {0}.", "<tu-token>"),
    ("en", "The template reads {0} until you paste the real one.", "xoxb-your-bot-token"),
    ("en", "A key file looks like this:\n{0}", _EMPTY_PEM),
    ("es", "El archivo de clave tiene esta forma:\n{0}", _DOTS_PEM),
    ("en", "Only the header matters here: {0}", "-----BEGIN OPENSSH PRIVATE KEY-----"),
    ("en", "Example: {0}", "AIza" + "X" * 35),
    ("es", "Ejemplo de token de Hugging Face: {0}", "hf_" + "x" * 34),
    ("en", "The docs show {0} as a personal access token.", "glpat-XXXXXXXXXXXXXXXXXXXX"),
    ("es", "Poné {0} y reemplazalo después.", "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ("en", "Set {0} in the sample .env file.", "API_KEY=changeme"),
    ("es", "Dejá {0} como está hasta que tengas la clave.", "TOKEN=tu_token_aqui"),
    ("en", "The screenshot shows {0} because the field is hidden.", "token: ********"),
    ("es", "Se ve {0} porque el panel oculta la clave.", "••••••••••••••••"),
    ("en", "Your order was placed with commit {0}.", "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39"),
    ("es", "El cambio está en el commit {0}.", "9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"),
    ("en", "The transaction ID is {0}.", "550e8400-e29b-41d4-a716-446655440000"),
    ("es", "El ID de la transacción es {0}.", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
    (
        "en",
        "The file's SHA-256 is {0}.",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    ("es", "La suma de control del archivo es {0}.", "d41d8cd98f00b204e9800998ecf8427e"),
    ("en", "Your tracking number is {0}.", "1Z999AA10123456784"),
    ("es", "Seguimiento del envío: {0}.", "LP00123456789012"),
    ("en", "Track it at {0}", "https://tracking.example.com/shipments/AB12CD34EF56GH78?lang=en"),
    (
        "es",
        "Podés ver el producto en {0}",
        "https://tienda.example.com/productos/zapatilla-urbana-negra-42?utm_source=chat",
    ),
    (
        "en",
        "Our publishable key for the checkout page is {0}.",
        "pk_live_51HqLyjWDarjtT1zdp7dc8QvX0",
    ),
    ("es", "La clave pública del checkout es {0}.", "pk_test_TYooMQauvdEDq54NiTphI7jx"),
    ("en", "The analytics tag is {0}.", "G-4XK2M9PQ7R"),
    ("es", "El video está en youtube.com/watch?v={0}", "dQw4w9WgXcQ"),
    ("en", "Reference: {0}", "ORD-2026-8F3K2Q"),
    ("es", "Su reclamo quedó registrado como {0}.", "REC-2026-004512-MX"),
    ("en", "The image is tagged {0}.", "registry.example.com/app:2.14.3-alpine"),
    ("es", "La foto se llama {0}.", "IMG_20260512_143055.jpg"),
    ("en", "The key to a quick answer is {0}.", "patience"),
    ("es", "La clave del éxito es {0}.", "responder rápido"),
    ("en", "Remember: the password must be {0}.", "at least 12 characters long"),
    ("es", "El token vence {0}.", "en 24 horas"),
    ("en", "Connect to {0}", "postgres://user:password@localhost:5432/db"),
    ("es", "La URL tiene esta forma: {0}", "https://usuario:contraseña@servidor/ruta"),
    ("en", "Format: {0}", "ftp://<user>:<pass>@host/path"),
    ("es", "El formato es {0}", "mysql://USUARIO:CLAVE@HOST:3306/BASE"),
    ("es", "Mi usuario es {0}.", "maria.gonzalez.1987"),
    ("en", "Session id {0} has expired.", "sess_2026_05_12_user_44"),
    ("es", "El código del producto es {0}.", "SKU-ZAP-URB-NEG-42"),
]
URL_ES = [
    "Entrá a {0}{1}{2} y fijate si cargan los pedidos.",
    "La cadena de conexión es {0}{1}{2}",
    "Le dejo el acceso: {0}{1}{2}",
    "Probá con {0}{1}{2} desde tu máquina.",
    "Configurá el respaldo con {0}{1}{2} y avisame.",
]
URL_EN = [
    "Log in at {0}{1}{2} to check the orders.",
    "The connection string is {0}{1}{2}",
    "Here's the access link: {0}{1}{2}",
    "Try {0}{1}{2} from your laptop.",
    "Point the backup job at {0}{1}{2}",
]

# -- bank accounts --------------------------------------------------------------------------
BANK_ES = [
    "Te paso mi <cue>: {0}",
    "Hacé la transferencia a la <cue> {0}, a nombre de la empresa.",
    "Le confirmo que el reembolso irá a {0}.",
    "Mi <cue> es {0}, ¿me avisan cuando lo depositen?",
    "Depositame en {0} por favor.",
    "El <cue> que figura en su ficha es {0}.",
]
BANK_EN = [
    "Please send the refund to <cue> {0}.",
    "My account is {0}, thanks.",
    "The <cue> on file is {0}.",
    "Wire it to {0} and reply with the receipt.",
]

# -- phones ---------------------------------------------------------------------------------
PHONE_CUED_ES = [
    "Llamame al {0} cuando puedas.",
    "Mi celular es {0}.",
    "Escribime por WhatsApp al {0}.",
    "Puede comunicarse al teléfono {0} de lunes a viernes.",
    "Mi número es el {0}, cualquier cosa me avisás.",
    "Te dejo mi móvil: {0}",
    "Tel. {0}",
]
PHONE_PLAIN_ES = [
    "Cualquier cosa estoy en el {0}.",
    "Si se corta, marcá {0} de nuevo.",
    "Le atendemos en el {0} hasta las 18 h.",
    "Probá al {0}, es el de la sucursal.",
]
PHONE_CUED_EN = [
    "Call me at {0} after 5 pm.",
    "My phone number is {0}.",
    "You can reach our team on {0}.",
    "Text me at {0} if it is urgent.",
    "Mobile: {0}",
]
PHONE_PLAIN_EN = [
    "I'm on {0} all afternoon.",
    "Ring {0} and ask for Laura.",
    "Try {0}, that's the store's line.",
]
# (lang, sentence, value): IP addresses, dates, times and versions; never a phone.
PHONE_NEG: list[tuple[str, str, str]] = []
_IPS = [
    "192.168.10.24", "10.0.0.12", "172.16.254.1", "8.8.8.8", "201.217.50.3", "181.45.112.7",
    "190.104.23.198", "200.10.150.22", "45.79.112.203", "187.141.12.9", "10.20.30.40",
    "172.31.5.250", "192.168.1.100:8080", "10.1.2.3:443", "186.33.210.17", "179.60.192.36",
    "152.231.100.4", "138.84.55.66", "131.0.88.14", "100.64.7.201",
]  # fmt: skip
_DATES = [
    "12/05/2026", "2026-05-12", "12.05.2026", "12-05-2026", "12 05 2026", "5/12/26",
    "31/12/2025", "2025-12-31", "01.03.2027", "28-02-2026 14:30", "2026/06/01", "07/07/2026",
    "15.08.25", "3-11-2026", "2026-01-09 08:15:00", "30 06 2026", "1/2/2026", "11.11.2026",
    "2027-03-15", "24/12/2026 23:59",
]  # fmt: skip
_VERSIONS = [
    "10.2.45", "v2.14.3", "4.12.300.1", "1.0.0.1234", "16.4.1", "3.11.9", "2026.05.12",
    "6.1.0-rc2", "v10.0.19045.3803", "8.4.2.1", "5.15.0-91", "122.0.6261.94", "2.3.4.5",
    "build 20260512.3", "17.0.2", "v1.2.3.4", "11.2.2", "14.7.1.15", "0.9.12", "21.1.3",
]  # fmt: skip
_OTHER = [
    "14:30:05", "09:00 a 18:00", "10:30-14:00", "1.234.567", "12.345.678,90", "3,5 kg",
    "45 x 60 x 20 cm", "2 de 3", "120/80", "1920x1080", "24/7", "0,75 l", "98,6 %",
    "lat -34.6037, lon -58.3816", "5.5.5.5", "100.200.300", "12:00 hs", "2x1", "3-4 días",
    "v0.0.1",
]  # fmt: skip
_MORE = [
    "192.0.2.146", "198.51.100.23", "203.0.113.77", "10.10.10.1", "172.20.0.3",
    "09/10/2026", "2026-10-09", "10.09.2026", "9 10 2026", "14-02-2027",
    "v3.4.10", "12.0.1.7", "2.0.0-beta.3", "7.3.2.1", "1.18.4",
    "1.2.3.4.5", "10.0.0.0/24", "255.255.255.0", "2026.10.09", "13.1.6 (22G720)",
]  # fmt: skip
_NEG_ES = [
    "El servidor responde en {0} desde la oficina.",
    "La entrega quedó para el {0}.",
    "Actualizá la app a la versión {0} y probá de nuevo.",
    "Según el registro, fue el {0}.",
    "Nos figura {0} en el sistema.",
]
_NEG_EN = [
    "The server answers on {0} from our side.",
    "Delivery is booked for {0}.",
    "Please update to version {0} and retry.",
    "Our log shows {0}.",
    "It says {0} on the screen.",
]
for _i, _v in enumerate(_IPS + _DATES + _VERSIONS + _OTHER + _MORE):
    _pool = _NEG_ES if _i % 2 else _NEG_EN
    _group = _i // 20  # 0 ips, 1 dates, 2 versions, 3 other
    _t = _pool[_group] if _group < 3 else _pool[3 + _i % 2]
    PHONE_NEG.append(("es" if _i % 2 else "en", _t, _v))

# order, tracking and invoice numbers, amounts, postal codes: no finding at all.
REF_NEG: list[tuple[str, str, str]] = [
    ("es", "Tu pedido {0} ya salió del depósito.", "48213579"),
    ("es", "El número de pedido es {0}.", "3001234567"),
    ("en", "Your order #{0} has shipped.", "612345678"),
    ("en", "Order number {0} is on its way.", "1048576203"),
    ("es", "Seguimiento: {0}", "9400111899223033005123"),
    ("en", "Tracking number {0}.", "781234567890"),
    ("es", "La factura {0} ya está disponible.", "0001-00004512"),
    ("es", "Factura N.º {0}", "F-2026-004512"),
    ("en", "Invoice {0} is attached.", "INV-20260512-0042"),
    ("es", "El total es de {0}.", "$ 1.234.567"),
    ("es", "Te reintegramos {0}.", "12.500,00 €"),
    ("en", "The refund of {0} was issued.", "USD 45,000"),
    ("en", "You were charged {0}.", "$1,299.99"),
    ("es", "Son {0} en total.", "85.400 pesos"),
    ("es", "El código postal es {0}.", "28013"),
    ("en", "Ship it to ZIP {0}.", "94103-1234"),
    ("es", "Figura con el número de cliente {0}.", "77120458"),
    ("en", "Customer number {0}.", "50021397"),
    ("es", "El ticket {0} quedó cerrado.", "20260512-0042"),
    ("en", "Ticket {0} is closed.", "536-22-8571"),
    ("es", "Reclamo {0} en revisión.", "2026-118844"),
    ("en", "Case {0} was escalated.", "01928374"),
    ("es", "El código de barras es {0}.", "7791234567890"),
    ("en", "EAN {0}.", "4006381333931"),
    ("es", "Modelo {0}, talle 42.", "ZU-4471-NEG"),
    ("en", "Part number {0}.", "A2338-1123-45"),
    ("es", "Remito {0}.", "0003-00012345"),
    ("es", "La guía de envío es {0}.", "123456789012"),
    ("en", "AWB {0}.", "176-12345675"),
    ("es", "Lote {0}, vence 12/2027.", "L2026-0512"),
    ("es", "Cuota {0} de 12.", "3"),
    ("en", "Room {0}, floor 4.", "412"),
    ("es", "Ganaste {0} puntos.", "12500"),
    ("es", "Tu reserva {0} está confirmada.", "XK7P2Q"),
    ("en", "Booking reference {0}.", "ABC123"),
    ("es", "El vuelo {0} sale a las 14:30.", "AR1304"),
    ("en", "Your confirmation number is {0}.", "88412093"),
    ("es", "Número de operación {0}.", "000123456789"),
    ("en", "Transaction {0} approved.", "202605121430"),
    ("es", "Se pagaron {0} el {1}.", "$ 15.999"),
]
REF_NEG[-1] = ("es", "Se pagaron $ 15.999 el {0}.", "12/05/2026")

# -- credentials ----------------------------------------------------------------------------
# (lang, sentence, secret)
CRED_POS: list[tuple[str, str, str]] = [
    # voseo
    ("es", "Tu código de verificación es {0}, no se lo pases a nadie.", "482913"),
    ("es", "Ingresá el código {0} en la app y listo.", "553019"),
    ("es", "Poné la clave {0} en el cajero.", "4471"),
    ("es", "Tu contraseña provisoria es {0}; cambiala al entrar.", "Mate_2026!"),
    ("es", "Usá el PIN {0} para desbloquear la tarjeta.", "0931"),
    ("es", "Te mandé el código por SMS, es {0}.", "771204"),
    ("es", "La respuesta a tu pregunta secreta quedó como {0}.", "Firulais"),
    ("es", "El token del home banking que te salió es {0}.", "908 113"),
    ("es", "Tu clave de acceso es {0}, entrá y cambiala.", "Rio.Parana44"),
    ("es", "Dale, el código es {0}.", "118204"),
    ("es", "{0} es tu código, ingresalo antes de 10 minutos.", "664028"),
    ("es", "Tu nueva contraseña: {0}", "Quilmes#1887"),
    # tuteo
    ("es", "Tu PIN es {0}, no lo compartas.", "7741"),
    ("es", "Introduce el código {0} para confirmar el pago.", "290 417"),
    ("es", "Tu contraseña temporal es {0}.", "Kx7!mPq2"),
    ("es", "El código de seguridad de tu tarjeta es {0}.", "415"),
    ("es", "Escribe este código en la web: {0}", "835512"),
    ("es", "Tu clave de un solo uso es {0}.", "40 19 77"),
    ("es", "La respuesta de seguridad es {0}.", "Valencia"),
    ("es", "Te he reseteado la contraseña a {0}.", "Paella2025*"),
    ("es", "Tu código OTP: {0}", "602341"),
    ("es", "Para entrar usa la contraseña {0}.", "girasol-88"),
    ("es", "El CVV de tu tarjeta es {0}.", "927"),
    ("es", "Tu código para retirar el paquete es {0}.", "5521"),
    # usted
    ("es", "Su código de verificación es {0}.", "318840"),
    ("es", "Ingrese el PIN {0} para confirmar la operación.", "2580"),
    ("es", "Su contraseña provisional es {0}; por favor cámbiela.", "Tlaxcala!19"),
    ("es", "Le envío su clave temporal: {0}", "Bm4#zR8q"),
    ("es", "La respuesta a su pregunta de seguridad es {0}.", "Pelusa"),
    ("es", "Digite el código {0} cuando el sistema se lo pida.", "447 120"),
    ("es", "Su clave dinámica es {0}.", "993104"),
    ("es", "Le confirmo que su nueva contraseña es {0}.", "Lima2026$"),
    ("es", "El código de acceso de su cuenta es {0}.", "730 055"),
    ("es", "{0} es su código de confirmación.", "209481"),
    ("es", "Su NIP es {0}.", "6402"),
    ("es", "Su clave de cajero es {0}.", "1357"),
    # English
    ("en", "Your verification code is {0}.", "118 204"),
    ("en", "Enter the code {0} to finish signing in.", "620193"),
    ("en", "Your PIN is {0}, please keep it private.", "0931"),
    ("en", "Temporary password: {0}", "Tr0mbone#22"),
    ("en", "I reset your password to {0}, change it when you log in.", "Harbor-Lights-9"),
    ("en", "The answer to your security question is {0}.", "Rex"),
    ("en", "Your one-time passcode is {0}.", "745 301"),
    ("en", "Use {0} as your PIN for now.", "8826"),
    ("en", "{0} is your login code.", "551902"),
    ("en", "The CVV on the back is {0}.", "482"),
    ("en", "Your security answer was set to {0}.", "Bluebird"),
    ("en", "Here's the OTP: {0}", "309811"),
    ("en", "The wifi password is {0}.", "corner-shop-2024"),
    ("en", "Your new passcode: {0}", "Winter#2026"),
    ("en", "Two-factor code {0} expires in 5 minutes.", "660214"),
    ("en", "The door code for the locker is {0}.", "4417"),
    ("en", "Password is {0} (case sensitive).", "Ma9le!Street"),
    ("en", "Your 2FA backup code is {0}.", "8841-2203"),
]
# (lang, sentence, value) with no credential in them.
CRED_NEG: list[tuple[str, str, str]] = [
    ("es", "Tu pedido {0} ya está en camino.", "48213"),
    ("es", "El total es de {0} pesos.", "12500"),
    ("es", "Si no te llegó el código, pedí uno nuevo en {0} minutos.", "5"),
    ("es", "Te enviamos un código al {0}, revisá tus mensajes.", "celular terminado en 21"),
    ("es", "Tu código de descuento {0} sirve solo hasta esta noche.", "VERANO20"),
    ("es", "Usá el cupón {0} en tu próxima compra.", "BIENVENIDA15"),
    ("es", "El código postal es {0}.", "28013"),
    ("es", "Tu PIN debe tener {0} dígitos.", "4"),
    ("es", "Para la clave pedimos un mínimo de {0} caracteres, letras y números.", "8"),
    ("es", "Nunca le pediremos su contraseña ni su {0}.", "PIN"),
    ("es", "El código del producto es {0}.", "ZU-4471"),
    ("es", "Ingrese a la web y elija {0}.", "Olvidé mi contraseña"),
    ("es", "Le asignamos el número de reclamo {0}.", "20261845"),
    ("es", "El código de área de Córdoba es {0}.", "0351"),
    ("es", "Cambiá tu contraseña cada {0} días.", "90"),
    ("es", "El código de seguimiento es {0}.", "AR123456789"),
    ("es", "Le devolvimos {0} a su tarjeta.", "$ 4.500"),
    ("es", "Su clave quedó bloqueada tras {0} intentos.", "3"),
    ("es", "El código de la sucursal es {0}.", "0472"),
    ("es", "Pagaste {0} con el código QR.", "$ 2.350"),
    ("en", "Your order number is {0}.", "5521"),
    ("en", "Use code {0} at checkout for 15% off.", "SAVE15"),
    ("en", "We will send a code to {0}.", "your phone"),
    ("en", "Your PIN must have {0} digits.", "4"),
    ("en", "Never share your password or {0} with anyone.", "one-time code"),
    ("en", "The promo code {0} expired yesterday.", "SPRING24"),
    ("en", "Enter the ZIP code {0} for the store.", "94103"),
    ("en", "The total comes to {0}.", "$1,250"),
    ("en", "Click '{0}' on the login page.", "Forgot password"),
    ("en", "Your ticket number is {0}.", "88412093"),
    ("en", "Error code {0} means the card was declined.", "5012"),
    ("en", "The password must include at least {0}.", "one number"),
    ("en", "We refunded {0} to your card.", "$89.90"),
    ("en", "Your gift card balance is {0}.", "$25.00"),
    ("en", "The product code is {0}.", "A2338"),
    ("en", "Reset links expire after {0} hours.", "24"),
    ("en", "Your reference code is {0}.", "REF-77120"),
    ("en", "The security code is the {0} on the back of the card.", "three digits"),
    ("en", "The voucher code {0} has been applied.", "WELCOME10"),
    ("en", "Area code {0} is for San Francisco.", "415"),
]
