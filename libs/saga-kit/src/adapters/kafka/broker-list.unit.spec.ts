import { ConfigurationError } from '../../errors/configuration.error';
import { parseBrokerList } from './broker-list';

describe('parseBrokerList', () => {
  it.each([
    ['kafka:9092', ['kafka:9092']],
    [' kafka-1:9092 , kafka-2.internal:19092,', ['kafka-1:9092', 'kafka-2.internal:19092']],
    ['127.0.0.1:9092,[::1]:9093', ['127.0.0.1:9092', '[::1]:9093']],
    ['', []],
    [' , ', []],
    [undefined, []],
  ])('reads %j as %j', (value, expected) => {
    expect(parseBrokerList(value)).toEqual(expected);
  });

  it.each([
    ['kafka', 'kafka'],
    ['kafka:', 'kafka:'],
    [':9092', ':9092'],
    ['kafka:0', 'kafka:0'],
    ['kafka:70000', 'kafka:70000'],
    ['kafka:90a', 'kafka:90a'],
    ['kafka:9092,localhost', 'localhost'],
    ['kafka://broker:9092', 'kafka://broker:9092'],
    ['broker 1:9092', 'broker 1:9092'],
  ])('refuses %j, naming the entry %j and the source', (value, entry) => {
    const parse = () => parseBrokerList(value, 'KAFKA_BROKERS');
    expect(parse).toThrow(ConfigurationError);
    expect(parse).toThrow(`KAFKA_BROKERS: ${JSON.stringify(entry)} is not a broker address`);
  });
});
