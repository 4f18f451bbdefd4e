import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { OPERATOR_ROLES } from '../domain/operator.events';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../domain/operator.rules';

export class CreateOperatorDto {
  @ApiProperty({ example: 'm.rossi' })
  @IsString()
  @Length(3, 64)
  username!: string;

  @ApiProperty({ example: 'una frase lunga e facile da ricordare', minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters long` })
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ example: ['operatore'], enum: OPERATOR_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OPERATOR_ROLES.length)
  @IsIn(OPERATOR_ROLES, { each: true, message: `each role must be one of ${OPERATOR_ROLES.join(', ')}` })
  roles!: string[];
}

export class LoginDto {
  @ApiProperty({ example: 'c_h501' })
  @IsString()
  @Length(1, 64)
  codIpa!: string;

  @ApiProperty({ example: 'm.rossi' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty()
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password!: string;
}

export class CitizenLoginDto {
  @ApiProperty({ example: 'RSSMRA80A01H501U', description: 'codice fiscale (16) or partita IVA (11)' })
  @IsString()
  @Length(11, 16)
  codiceFiscale!: string;
}
